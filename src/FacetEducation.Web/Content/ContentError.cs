namespace FacetEducation.Web.Content;

/// <summary>A reason a content file was not published: the file (relative to <c>content/</c>),
/// the 1-based line where known, and a message a clinician can act on.</summary>
public sealed record ContentError(string File, int? Line, string Message)
{
    public override string ToString() => Line is { } line ? $"{File}:{line}: {Message}" : $"{File}: {Message}";
}
