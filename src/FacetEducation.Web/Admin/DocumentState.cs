namespace FacetEducation.Web.Admin;

/// <summary>Where a document stands: its history, the version in <c>content/</c> and any newer
/// version saved in the editor but not published yet.</summary>
public sealed record DocumentState(DocumentId Id, IReadOnlyList<Revision> History, Revision? Live, Revision? Pending)
{
    /// <summary>The version the editor opens: the pending one if there is one, else the published one.</summary>
    public Revision? Working => Pending ?? Live;

    public string WorkingText => Working?.Text ?? string.Empty;

    /// <summary>What a save must say it was based on; empty for a document that does not exist yet.</summary>
    public string WorkingHash => Working?.Hash ?? string.Empty;
}
