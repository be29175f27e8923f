using FacetEducation.Web.Content;

namespace FacetEducation.Web.Admin;

/// <summary>Splits a document into its front matter and body, and writes them back together.</summary>
public static class DocumentText
{
    public sealed record Parts(string? Yaml, string Body);

    public static Parts Split(string text)
    {
        var normal = text.ReplaceLineEndings("\n");
        if (!normal.StartsWith("---\n", StringComparison.Ordinal))
        {
            return new Parts(null, normal);
        }

        var end = normal.IndexOf("\n---\n", 3, StringComparison.Ordinal);
        if (end < 0)
        {
            return normal.EndsWith("\n---", StringComparison.Ordinal)
                ? new Parts(normal[4..^4], string.Empty)
                : new Parts(null, normal);
        }

        return new Parts(normal[4..(end + 1)], normal[(end + 5)..].TrimStart('\n'));
    }

    /// <summary>Reads the front matter; null (with the reason) when it is missing or not valid YAML.</summary>
    public static FrontMatter? ReadFrontMatter(string? yaml, out string? problem)
    {
        problem = null;
        if (yaml is null)
        {
            problem = "The settings block (front matter) is missing.";
            return null;
        }

        // The one front-matter reader (the site's): the YAML starts on the file's second line.
        var read = ContentYaml.ReadFrontMatter(yaml, firstLine: 2);
        problem = read.Problem?.Message;
        return read.FrontMatter;
    }

    public static string Compose(FrontMatter frontMatter, string body) =>
        Compose(ContentYaml.Serializer.Serialize(frontMatter), body);

    /// <summary>The document with <paramref name="frontMatter"/> written into <paramref name="originalYaml"/>:
    /// only the settings that changed are rewritten, so comments, order and quoting stay as written
    /// (<see cref="FrontMatterPatch"/>).</summary>
    public static string Compose(string? originalYaml, FrontMatter frontMatter, string body) =>
        Compose(FrontMatterPatch.Apply(originalYaml, frontMatter), body);

    public static string Compose(string yaml, string body)
    {
        var normalYaml = yaml.ReplaceLineEndings("\n").TrimEnd('\n');
        var normalBody = body.ReplaceLineEndings("\n").Trim('\n');
        return $"---\n{normalYaml}\n---\n\n{normalBody}\n";
    }

    /// <summary>The composed <paramref name="text"/> with the blank lines between its front matter and body, and
    /// at its end, as <paramref name="basedOn"/> has them, so a save changes no line the clinician did not change.</summary>
    public static string KeepLayout(string text, string basedOn)
    {
        if (Layout(basedOn) is not { } layout || Layout(text) is not { } composed)
        {
            return text;
        }

        return text[..composed.BodyAt] + new string('\n', layout.Gap) + text[composed.BodyAt..].Trim('\n') + new string('\n', layout.Tail);
    }

    /// <summary>Where the body starts (after the closing <c>---</c> line), and how many line breaks come
    /// before and after it; null without front matter or body.</summary>
    private static (int BodyAt, int Gap, int Tail)? Layout(string text)
    {
        var normal = text.ReplaceLineEndings("\n");
        var end = normal.StartsWith("---\n", StringComparison.Ordinal) ? normal.IndexOf("\n---\n", 3, StringComparison.Ordinal) : -1;
        if (end < 0 || normal.Length != text.Length)
        {
            return null;
        }

        var rest = normal[(end + 5)..];
        return rest.Trim('\n').Length == 0 ? null
            : (end + 5, rest.Length - rest.TrimStart('\n').Length, rest.Length - rest.TrimEnd('\n').Length);
    }

    /// <summary>
    /// The text as it is published when a reviewer signs it off: the review it records (the reviewer's
    /// name, registration and dates: new ones for a full review, the last full review's for a minor change)
    /// and whether it is a draft, kept off the public site.
    /// </summary>
    public static string Stamp(string text, ReviewClaim claim, bool draft)
    {
        var parts = Split(text);
        var frontMatter = ReadFrontMatter(parts.Yaml, out var problem)
            ?? throw new InvalidOperationException(problem);
        frontMatter.Reviewer = new ReviewerFrontMatter { Name = claim.ReviewerName, Registration = claim.Registration };
        frontMatter.LastReviewed = claim.LastReviewed;
        frontMatter.NextReviewDue = claim.NextReviewDue;
        frontMatter.Draft = draft;
        return KeepLayout(Compose(parts.Yaml, frontMatter, parts.Body), text);
    }
}
