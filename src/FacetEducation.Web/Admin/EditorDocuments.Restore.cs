using FacetEducation.Web.Content;

namespace FacetEducation.Web.Admin;

/// <summary>What <see cref="EditorDocuments.DiscardAsync"/> did.</summary>
public enum DiscardOutcome
{
    /// <summary>The pending version was thrown away; the editor is back at the live version (or, for an
    /// article never published, the article is gone from the dashboard).</summary>
    Discarded,

    /// <summary>No version waits to be thrown away.</summary>
    NothingToDiscard,

    /// <summary>A newer version was saved after this one was opened: nothing was thrown away.</summary>
    Superseded,
}

/// <summary>Going back: throwing away the version waiting, or making an old version the newest again.</summary>
public sealed partial class EditorDocuments
{
    /// <summary>Throws away the version waiting (for sign-off, or with errors) without publishing anything:
    /// the editor goes back to the live version. Anyone signed in may do it; no sign-off is needed, because
    /// the public page never showed the thrown-away version. The history keeps it, and notes who threw it away.</summary>
    public async Task<DiscardOutcome> DiscardAsync(DocumentId id, long revisionId, EditorAccount author)
    {
        var writing = await writeLock.TakeAsync();
        try
        {
            var state = await OpenLockedAsync(id);
            if (state?.Pending is not { } pending)
            {
                return DiscardOutcome.NothingToDiscard;
            }

            if (pending.Id != revisionId)
            {
                return DiscardOutcome.Superseded;
            }

            // Back to the version signed off to go live later, if there is one: it is still to go live.
            var back = state.ScheduledVersion ?? state.Live;
            var summary = state.ScheduledVersion is { } scheduled
                ? $"Threw away version {pending.Id}: back to version {scheduled.Id}, scheduled to go live on {Dates.Time(state.Schedule!.GoLive, clock.TimeZone)}"
                : state.Live is { } live
                ? $"Threw away version {pending.Id}: back to the live version {live.Id}"
                : $"Threw away version {pending.Id}: the article was never published";
            var discarded = await revisions.AddAsync(id.RelativePath, back?.Text ?? string.Empty, RevisionStatus.Discarded, author, summary);
            logger.LogInformation("{User} threw away {Path} revision {Pending} (revision {Revision})", author.UserName, id.RelativePath, pending.Id, discarded.Id);
            return DiscardOutcome.Discarded;
        }
        finally
        {
            await writing.DisposeAsync();
        }
    }

    /// <summary>Makes an old version the newest again (through the same rules as a save).</summary>
    public async Task<SaveResult> RestoreAsync(DocumentId id, long revisionId, string baseHash, EditorAccount author)
    {
        var state = await OpenAsync(id);
        if (state?.History.FirstOrDefault(r => r.Id == revisionId) is not { } old)
        {
            return new SaveResult(SaveOutcome.NoChange, Current: state);
        }

        return await SaveAsync(id, old.Text, baseHash, author, $"Restored version {old.Id} of {Dates.Time(old.Created, clock.TimeZone)}", minor: false);
    }
}
