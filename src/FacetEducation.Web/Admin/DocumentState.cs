namespace FacetEducation.Web.Admin;

/// <summary>Where a document stands: its history, the version in <c>content/</c>, any newer version saved
/// in the editor but not signed off yet, and a sign-off waiting to go live at its time (<see cref="Schedule"/>).</summary>
public sealed record DocumentState(DocumentId Id, IReadOnlyList<Revision> History, Revision? Live, Revision? Pending,
    ScheduledPublication? Schedule = null)
{
    /// <summary>The version signed off to go live later, while it is newer than the live one (a review of the
    /// live version itself, "still correct", changes no text and is not one).</summary>
    public Revision? ScheduledVersion =>
        Schedule is { } schedule && schedule.Revision > (Live?.Id ?? 0) ? History.FirstOrDefault(r => r.Id == schedule.Revision) : null;

    /// <summary>The version the editor opens: the pending one if there is one, else the one scheduled to go
    /// live, else the published one. A new version is made from it.</summary>
    public Revision? Working => Pending ?? ScheduledVersion ?? Live;

    public string WorkingText => Working?.Text ?? string.Empty;

    /// <summary>What a save must say it was based on; empty for a document that does not exist yet.</summary>
    public string WorkingHash => Working?.Hash ?? string.Empty;
}
