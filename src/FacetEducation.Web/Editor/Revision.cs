using FacetEducation.Web.Content;

namespace FacetEducation.Web.Editor;

public enum RevisionStatus
{
    /// <summary>Saved in the editor, not in <c>content/</c> yet (a condition article awaiting sign-off,
    /// or a post with errors).</summary>
    Pending,

    /// <summary>Written to <c>content/</c> by the editor (a post saved, or an article signed off).</summary>
    Published,

    /// <summary>Found in <c>content/</c>, written there by hand rather than by the editor.</summary>
    Outside,
}

/// <summary>One version of one document.</summary>
public sealed record Revision(
    long Id,
    string Path,
    string Text,
    string Hash,
    RevisionStatus Status,
    string? Author,
    string? AuthorName,
    DateTimeOffset Created,
    string Summary,
    bool Minor,
    long? SignedOffRevision)
{
    public bool IsLive => Status != RevisionStatus.Pending;

    /// <summary>A short fingerprint of a text: what a save says it was based on.</summary>
    public static string HashOf(string text) => TextHash.Of(text);
}
