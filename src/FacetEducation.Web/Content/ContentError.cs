using FacetEducation.Web.Content.Checks;

namespace FacetEducation.Web.Content;

/// <summary>A reason a content file was not published: the file (relative to <c>content/</c>),
/// the 1-based line where known, a message a clinician can act on, and the rule it broke (none for a
/// problem with the clinic profile or the folder).</summary>
public sealed record ContentError(string File, int? Line, string Message)
{
    public ContentRule? Rule { get; init; }

    public override string ToString() => Line is { } line ? $"{File}:{line}: {Message}" : $"{File}: {Message}";
}
