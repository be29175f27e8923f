using FacetEducation.Web.Content;

namespace FacetEducation.Web.Admin;

/// <summary>A file in <c>content/</c> as the editor found it, and the newest live revision the history
/// has of it (null when it has none).</summary>
public sealed record SeenFile(DocumentId Id, string Text, Revision? Live);

/// <summary>What a hand-edit revision is: the first version the editor saw of a file, or a change to
/// one it knew; the history page chooses the words.</summary>
public enum HandEdit
{
    FirstSeen,
    Changed,
}

/// <summary>
/// The one place a change made to <c>content/</c> outside the editor (a hand edit, a <c>git pull</c>, a
/// file copied in) becomes a revision. Opening a document, the watcher and the start-up comparison all
/// call it, so the history says the same thing whichever of them sees the change first.
/// </summary>
/// <remarks>Callers hold the editor's write lock (see <see cref="EditorDocuments"/>), so a save and a
/// hand edit of the same file are never recorded in between each other's read and write.</remarks>
public sealed class HandEditRecorder(RevisionStore revisions, ReviewRecords reviews, ILogger<HandEditRecorder> logger)
{
    /// <summary>The history's summary of a file in <c>content/</c> changed by hand.</summary>
    public const string OutsideSummary = "Changed outside the editor";

    /// <summary>The history's summary of a file in <c>content/</c> the editor had no revision of.</summary>
    public const string FirstSeenSummary = "First version seen by the editor";

    /// <summary>What a hand edit recorded over <paramref name="live"/>, the newest live revision before it, is.</summary>
    public static HandEdit KindOf(Revision? live) => live is null ? HandEdit.FirstSeen : HandEdit.Changed;

    /// <summary>Records each file whose text is not its newest live revision's already (the editor's own
    /// write, or recorded before), all in one transaction: a thousand first versions at start-up cost one
    /// write to disk. Returns the revisions added, in the order of <paramref name="files"/>.</summary>
    public async Task<IReadOnlyList<Revision>> RecordAsync(IReadOnlyList<SeenFile> files, CancellationToken cancellationToken = default)
    {
        var changed = files.Where(f => f.Live is null || f.Live.Hash != Revision.HashOf(f.Text)).ToList();
        var recorded = await revisions.AddManyAsync(
            [.. changed.Select(f => (f.Id.RelativePath, f.Text, KindOf(f.Live) == HandEdit.FirstSeen ? FirstSeenSummary : OutsideSummary))],
            RevisionStatus.Outside, cancellationToken);
        if (recorded.Count > 1)
        {
            logger.LogInformation("Recorded {Count} file(s) changed or first seen outside the editor", recorded.Count);
        }

        foreach (var (file, revision) in changed.Zip(recorded))
        {
            var level = recorded.Count == 1 ? LogLevel.Information : LogLevel.Debug;
            logger.Log(level, "Recorded {Path} as revision {Revision}: {Summary}", revision.Path, revision.Id, revision.Summary);
            if (file.Id.Kind == ArticleKind.Condition && file.Live is { } live
                && reviews.StandingOf(file.Id, file.Text) == ReviewStanding.NotSignedOff
                && reviews.StandingOf(file.Id, live.Text) != ReviewStanding.NotSignedOff)
            {
                // Said once, when the claim stops being one a sign-off wrote; the dashboard keeps saying it.
                logger.LogWarning("{Path}: the reviewer or review dates were changed outside the editor, so its page shows it as waiting for a clinician to confirm its review until a reviewer signs it off", revision.Path);
            }
        }

        return recorded;
    }
}
