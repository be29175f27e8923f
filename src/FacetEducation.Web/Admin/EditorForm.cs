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

    /// <summary>Slugs of related articles: the boxes ticked. A slug the file names that no published
    /// document has is offered as a box too, ticked, so it is kept unless it is unticked.</summary>
    public List<string> Related { get; set; } = [];

    /// <summary>The sources, a row each, with room for a new one at the end.</summary>
    public List<SourceRow> Sources { get; set; } = [];

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

    /// <summary>Empty source rows offered after the filled ones, for adding a source without JavaScript.</summary>
    public const int EmptySourceRows = 1;

    /// <summary>One source as typed: strings, so a year or an address that is refused is shown back as it
    /// was typed and nothing is lost.</summary>
    public sealed class SourceRow
    {
        public string? Title { get; set; }
        public string? Publisher { get; set; }
        public string? Year { get; set; }
        public string? Url { get; set; }

        /// <summary>Ticked to leave the source out when the form is saved.</summary>
        public bool Remove { get; set; }

        /// <summary>Whether the row goes into the file: not ticked for removal, and not left empty.</summary>
        public bool Kept => !Remove && !IsBlank;

        public bool IsBlank => Clean(Title) is null && Clean(Publisher) is null && Clean(Year) is null && Clean(Url) is null;
    }

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
        form.Related = [.. (frontMatter.Related ?? []).Select(r => r.Trim())];
        form.Sources = [.. (frontMatter.Sources ?? []).Select(s => new SourceRow
        {
            Title = s.Title,
            Publisher = s.Publisher,
            Year = s.Year?.ToString(CultureInfo.InvariantCulture),
            Url = s.Url,
        })];
        return form.WithSourceRows();
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
        frontMatter.Related = RelatedAfter(frontMatter.Related);
        var sources = Sources.Where(row => row.Kept).Select(row => SourceAfter(row, frontMatter.Sources ?? [])).ToList();
        frontMatter.Sources = sources.Count == 0 ? null : sources;
        return DocumentText.KeepLayout(DocumentText.Compose(original, frontMatter, body), basedOn);
    }

    private static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.ReplaceLineEndings(" ").Trim();

    /// <summary>The posted text field, or the file's own value when the field shows that value unchanged
    /// (a folded summary, say, which a one-line field cannot show as written): an untouched field is no change.</summary>
    private static string? Posted(string? written, string? posted) =>
        Clean(posted) == Clean(written) ? written : Clean(posted);

    /// <summary>The rows as posted, made whole: the filled ones, then <see cref="EmptySourceRows"/> empty
    /// ones, and more empty ones up to <paramref name="atLeast"/> rows ("Add a source").</summary>
    public EditorForm WithSourceRows(int atLeast = 0)
    {
        var lastFilled = Sources.FindLastIndex(row => !row.IsBlank);
        var rows = Math.Max(lastFilled + 1 + EmptySourceRows, atLeast);
        Sources = [.. Sources.Take(lastFilled + 1), .. Enumerable.Range(0, rows - lastFilled - 1).Select(_ => new SourceRow())];
        return this;
    }

    /// <summary>What only the form can get wrong in a source, each beside its field (named by the field's
    /// element id): a row without a title, a year that is not one, an address that is not a web address.
    /// The sources are numbered as the form shows them.</summary>
    public IReadOnlyList<(string Field, string Message)> SourceProblems(DateOnly today)
    {
        var problems = new List<(string, string)>();
        for (var i = 0; i < Sources.Count; i++)
        {
            var (row, n) = (Sources[i], i + 1);
            if (!row.Kept)
            {
                continue;
            }

            if (Clean(row.Title) is null)
            {
                problems.Add(($"Form_Sources_{i}__Title", $"Source {n} has no title. Give the name of the page, paper or book, or tick “Remove this source”."));
            }

            if (Clean(row.Year) is { } year && ReadYear(year) is var read)
            {
                if (read is null)
                {
                    problems.Add(($"Form_Sources_{i}__Year", $"Source {n}: “{year}” is not a year. Write the year it was published as four digits, such as 2019, or leave it empty."));
                }
                else if (read > today.Year)
                {
                    problems.Add(($"Form_Sources_{i}__Year", $"Source {n}: {read} has not come yet. Write the year it was published, or leave it empty."));
                }
            }

            if (Clean(row.Url) is { } url && !IsWebAddress(url))
            {
                problems.Add(($"Form_Sources_{i}__Url", $"Source {n}: “{url}” is not a web address. Copy the whole address from the browser's address bar: it starts with https:// (or http://)."));
            }
        }

        return problems;
    }

    /// <summary>The related slugs to write: those the file names and are still ticked, in the file's order,
    /// then the newly ticked ones, so ticking a box never reorders what was written.</summary>
    private List<string>? RelatedAfter(List<string>? written)
    {
        var ticked = Related.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var kept = (written ?? []).Where(w => ticked.Contains(w.Trim(), StringComparer.Ordinal)).ToList();
        List<string> related = [.. kept, .. ticked.Where(t => !kept.Any(w => w.Trim() == t))];
        return related.Count == 0 ? null : related;
    }

    /// <summary>A row as the file's source: the file's own entry when the row shows it unchanged, so its
    /// text is kept as written.</summary>
    private static SourceFrontMatter SourceAfter(SourceRow row, List<SourceFrontMatter> written)
    {
        var source = new SourceFrontMatter
        {
            Title = Clean(row.Title),
            Publisher = Clean(row.Publisher),
            Year = Clean(row.Year) is { } year ? ReadYear(year) : null,
            Url = Clean(row.Url),
        };
        return written.FirstOrDefault(w => Clean(w.Title) == source.Title && Clean(w.Publisher) == source.Publisher
            && w.Year == source.Year && Clean(w.Url) == source.Url) ?? source;
    }

    /// <summary>A year written as four digits; null for anything else.</summary>
    private static int? ReadYear(string text) =>
        text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year >= 1000 ? year : null;

    /// <summary>The content store's own rule for a source's address (an absolute http or https address).</summary>
    private static bool IsWebAddress(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);
}
