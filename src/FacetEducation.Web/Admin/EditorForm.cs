using System.Globalization;
using FacetEducation.Web.Content;

namespace FacetEducation.Web.Admin;

/// <summary>
/// The editor's form: the front matter as fields and the body as Markdown. When a file's front
/// matter cannot be read (a hand edit gone wrong), the form carries it as raw YAML instead, so the
/// clinician can fix it with the error shown beside it.
/// </summary>
public sealed class EditorForm
{
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public List<string> Regions { get; set; } = [];
    public string? Condition { get; set; }
    public string? Author { get; set; }
    public DateOnly? Published { get; set; }
    public bool Draft { get; set; }
    public bool Featured { get; set; }

    /// <summary>Slugs of related articles, separated by commas.</summary>
    public string? Related { get; set; }

    /// <summary>One source a line: <c>Title | Publisher | Year | https://address</c>; all but the title optional.</summary>
    public string? Sources { get; set; }

    public string? Body { get; set; }

    /// <summary>Set only when the front matter could not be read into the fields.</summary>
    public string? FrontMatterYaml { get; set; }

    /// <summary>The hash of the version this form was opened from; empty for a new document.</summary>
    [System.ComponentModel.DataAnnotations.DisplayFormat(ConvertEmptyStringToNull = false)]
    public string BaseHash { get; set; } = "";

    /// <summary>A one-line note for the history, such as "Fixed a typo in the FAQ".</summary>
    public string? ChangeSummary { get; set; }

    /// <summary>Asks the reviewer to keep the review dates (typos, links).</summary>
    public bool Minor { get; set; }

    public static EditorForm FromText(string text, string baseHash)
    {
        var parts = DocumentText.Split(text);
        var form = new EditorForm { Body = parts.Body, BaseHash = baseHash };
        var frontMatter = DocumentText.ReadFrontMatter(parts.Yaml, out _);
        if (frontMatter is null)
        {
            form.FrontMatterYaml = parts.Yaml ?? string.Empty;
            return form;
        }

        form.Title = frontMatter.Title;
        form.Summary = frontMatter.Summary;
        form.Regions = [.. (frontMatter.Regions ?? []).Select(r => r.Trim().ToLowerInvariant())];
        form.Condition = frontMatter.Condition;
        form.Author = frontMatter.Author;
        form.Published = frontMatter.Published;
        form.Draft = frontMatter.Draft;
        form.Featured = frontMatter.Featured;
        form.Related = string.Join(", ", frontMatter.Related ?? []);
        form.Sources = string.Join("\n", (frontMatter.Sources ?? []).Select(FormatSource));
        return form;
    }

    /// <summary>The whole file this form describes. Settings the form has no field for (slug, reviewer,
    /// review dates) are kept from <paramref name="basedOn"/>, the version it was opened from. Only the
    /// settings whose values changed are rewritten: comments, order and quoting stay as written.</summary>
    public string ToText(string basedOn)
    {
        var body = Body ?? string.Empty;
        if (FrontMatterYaml is not null)
        {
            return DocumentText.KeepLayout(DocumentText.Compose(FrontMatterYaml, body), basedOn);
        }

        var original = DocumentText.Split(basedOn).Yaml;
        var frontMatter = DocumentText.ReadFrontMatter(original, out _) ?? new FrontMatter();
        frontMatter.Title = Posted(frontMatter.Title, Title);
        frontMatter.Summary = Posted(frontMatter.Summary, Summary);
        List<string>? regions = Regions.Count == 0 ? null : [.. Regions.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct()];
        // The boxes post in the site's order; the same regions written in another order are no change, so an
        // untouched form saves nothing (and a reviewer can sign off the live version as it stands).
        var sameRegions = frontMatter.Regions is { } written && regions is not null
            && written.Select(r => r.Trim().ToLowerInvariant()).ToHashSet().SetEquals(regions.Select(r => r.ToLowerInvariant()));
        frontMatter.Regions = sameRegions ? frontMatter.Regions : regions;
        frontMatter.Condition = Posted(frontMatter.Condition, Condition);
        frontMatter.Author = Posted(frontMatter.Author, Author);
        frontMatter.Published = Published;
        frontMatter.Draft = Draft;
        frontMatter.Featured = Featured;
        var related = (Related ?? string.Empty).Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        frontMatter.Related = related.Length == 0 ? null : [.. related];
        var sources = (Sources ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ParseSource).ToList();
        frontMatter.Sources = sources.Count == 0 ? null : sources;
        return DocumentText.KeepLayout(DocumentText.Compose(original, frontMatter, body), basedOn);
    }

    private static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.ReplaceLineEndings(" ").Trim();

    /// <summary>The posted text field, or the file's own value when the field shows that value unchanged
    /// (a folded summary, say, which a one-line field cannot show as written): an untouched field is no change.</summary>
    private static string? Posted(string? written, string? posted) =>
        Clean(posted) == Clean(written) ? written : Clean(posted);

    private static string FormatSource(SourceFrontMatter source) =>
        string.Join(" | ", new[] { source.Title, source.Publisher, source.Year?.ToString(CultureInfo.InvariantCulture), source.Url }
            .Where(p => !string.IsNullOrWhiteSpace(p)));

    /// <summary>Reads one line of the sources field: the first part is the title; after it, an
    /// address is recognised by its scheme, a year by being a number, and anything else is the publisher.</summary>
    private static SourceFrontMatter ParseSource(string line)
    {
        var parts = line.Split('|', StringSplitOptions.TrimEntries);
        var source = new SourceFrontMatter { Title = parts[0].Length == 0 ? null : parts[0] };
        foreach (var part in parts.Skip(1).Where(p => p.Length > 0))
        {
            if (part.Contains("://", StringComparison.Ordinal) || part.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
            {
                source.Url = part;
            }
            else if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            {
                source.Year = year;
            }
            else
            {
                source.Publisher = part;
            }
        }

        return source;
    }
}
