using FacetEducation.Web.Content;

namespace FacetEducation.Web.Admin;

public enum RevisionStatus
{
    /// <summary>Saved in the editor, not in <c>content/</c> yet (a condition article awaiting sign-off,
    /// or a post with errors).</summary>
    Pending,

    /// <summary>Written to <c>content/</c> by the editor (a post saved, or an article signed off).</summary>
    Published,

    /// <summary>Found in <c>content/</c>, written there by hand rather than by the editor.</summary>
    Outside,

    /// <summary>Someone threw away the pending version before it was signed off: the editor is back at the
    /// live version (this row carries its text). Nothing was written to <c>content/</c>.</summary>
    Discarded,
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
    /// <summary>Whether this version was in <c>content/</c> (written by the editor or found there).</summary>
    public bool IsLive => Status is RevisionStatus.Published or RevisionStatus.Outside;

    /// <summary>Whether a reviewer's sign-off wrote this version (of a pending version, or of the live one
    /// unchanged: "reviewed, still correct").</summary>
    public bool IsSignOff => Status == RevisionStatus.Published && SignedOffRevision is not null;

    /// <summary>A short fingerprint of a text: what a save says it was based on.</summary>
    public static string HashOf(string text) => TextHash.Of(text);
}
