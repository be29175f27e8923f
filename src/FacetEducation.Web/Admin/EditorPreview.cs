using FacetEducation.Web.Content.Checks;
using FacetEducation.Web.Pages.Shared;

namespace FacetEducation.Web.Admin;

/// <summary>What the preview panel shows: the article through the public template when it passes
/// the parser, else the body alone; the reading age; and the checks, with lines counted from the
/// top of the body field.</summary>
public sealed record EditorPreview(ArticleView? View, string? BodyHtml, CheckReport Report, int BodyFirstLine, string? Problem = null)
{
    public string? LineLabel(ContentFinding finding) =>
        finding.Line is { } line && line >= BodyFirstLine ? $"Line {line - BodyFirstLine + 1} of the text" : null;
}
