using System.Text.RegularExpressions;
using FacetEducation.Web.Content.Checks;
using FacetEducation.Web.Pages.Shared;

namespace FacetEducation.Web.Admin;

/// <summary>What the preview panel shows: the article through the public template when it passes
/// the parser, else the body alone; the reading age; and the checks, each placed on a line of the
/// body field (counted from its top) and named by that line's first words, so the clinician finds
/// it without counting lines.</summary>
public sealed partial record EditorPreview(ArticleView? View, string? BodyHtml, CheckReport Report, string CheckedText, string? Problem = null)
{
    private const int Words = 6;

    private readonly Lazy<string[]> _lines = new(() => CheckedText.Split('\n'));

    /// <summary>Where a finding sits in the body field, or null for one about the settings or the whole file.</summary>
    public FindingPlace? Place(ContentFinding finding)
    {
        var first = ContentChecks.BodyFirstLine(CheckedText);
        if (finding.Line is not { } line || line < first)
        {
            return null;
        }

        var lines = _lines.Value;
        var text = line <= lines.Length ? Plain(lines[line - 1]) : string.Empty;
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var opening = words.Length > Words ? string.Join(' ', words.Take(Words)) + "…" : string.Join(' ', words);
        return new FindingPlace(line - first + 1, opening);
    }

    /// <summary>A line as a reader sees it: without the Markdown marks that start it or wrap its words.</summary>
    private static string Plain(string line) =>
        MarkRun().Replace(LinkTarget().Replace(LeadingMarks().Replace(line.Trim(), string.Empty), "$1"), string.Empty).Trim();

    [GeneratedRegex(@"^(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*|:::\s*[\w-]*\s*)+")]
    private static partial Regex LeadingMarks();

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkTarget();

    [GeneratedRegex(@"[*_`|]+")]
    private static partial Regex MarkRun();
}

/// <summary>A finding's line in the editor's body field and that line's first words.</summary>
public sealed record FindingPlace(int Line, string Opening)
{
    public string Label => Opening.Length == 0 ? $"Line {Line} of the text" : $"Line {Line} of the text (“{Opening}”)";
}
