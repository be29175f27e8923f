using FacetEducation.Web.Content;

namespace FacetEducation.Web.Admin;

/// <summary>What <see cref="EditorDocuments.CancelScheduleAsync"/> did.</summary>
public enum CancelOutcome
{
    Cancelled,

    /// <summary>No such schedule is open: it went live, or was cancelled or replaced, already.</summary>
    NotScheduled,

    NotAReviewer,
}

/// <summary>Scheduled publication: a sign-off kept until its time, then written as a sign-off is.</summary>
public sealed partial class EditorDocuments
{
    /// <summary>Cancels the article's open schedule <paramref name="scheduleId"/> (a reviewer's decision, so
    /// a reviewer's to undo). Nothing on the public site changes; the version it would have published waits
    /// for a sign-off again, as before it was signed.</summary>
    public async Task<CancelOutcome> CancelScheduleAsync(DocumentId id, long scheduleId, EditorAccount reviewer)
    {
        if (!reviewer.IsReviewer)
        {
            return CancelOutcome.NotAReviewer;
        }

        var writing = await writeLock.TakeAsync();
        try
        {
            var state = await OpenLockedAsync(id);
            if (state?.Schedule is not { } schedule || schedule.Id != scheduleId
                || !await schedules.EndAsync(schedule.Id, ScheduleState.Cancelled, reviewer.UserName, $"Cancelled by {reviewer.DisplayName}."))
            {
                return CancelOutcome.NotScheduled;
            }

            // The scheduled version was the editor's working version only while scheduled (a newer version
            // thrown away since): it waits for sign-off again rather than dropping out of sight.
            if (state.Pending is null && state.ScheduledVersion is { } version && state.History[^1].Id != version.Id)
            {
                await KeepForSignOffAsync(id, version.Text, reviewer, $"Version {version.Id} again, its scheduled publication cancelled", version.Minor);
            }

            logger.LogInformation("{User} cancelled the publication of {Path} revision {Revision} scheduled for {GoLive:O}",
                reviewer.UserName, id.RelativePath, schedule.Revision, schedule.GoLive);
            return CancelOutcome.Cancelled;
        }
        finally
        {
            await writing.DisposeAsync();
        }
    }

    /// <summary>
    /// Puts every schedule whose time has come on the site, each through the write path of a sign-off
    /// (<see cref="PublishSignOffLockedAsync"/>) under the content write lock. A schedule goes live once: it
    /// is read again under the lock and ended as it is published, so a second look (another instance, a
    /// restart) finds it ended, and a sign-off already written for it (the site stopped between the two)
    /// is recognised rather than written again. One that can no longer go live as signed (the live page was
    /// changed since, the checks now fail, the folder became a link) ends as failed, with the reason shown
    /// on the editor page and the dashboard; the public page keeps what it had. Returns how many went live.
    /// </summary>
    public async Task<int> PublishDueAsync(CancellationToken cancellationToken = default)
    {
        var published = 0;
        foreach (var due in (await schedules.ListOpenAsync(cancellationToken)).Where(s => s.GoLive <= clock.Now))
        {
            if (!DocumentId.TryFromRelativePath(due.Path, out var id))
            {
                await schedules.EndAsync(due.Id, ScheduleState.Failed, "site", $"content/{due.Path} is not an address the editor writes.");
                continue;
            }

            var writing = await writeLock.TakeAsync(cancellationToken);
            try
            {
                if (await GoLiveLockedAsync(id, due))
                {
                    published++;
                }
            }
            finally
            {
                await writing.DisposeAsync();
            }
        }

        return published;
    }

    private async Task<bool> GoLiveLockedAsync(DocumentId id, ScheduledPublication due)
    {
        var state = await OpenLockedAsync(id);
        if (state?.Schedule is not { } schedule || schedule.Id != due.Id)
        {
            return false; // ended while we waited for the lock
        }

        if (state.History.FirstOrDefault(r => r.IsSignOff && r.SignedOffRevision == schedule.Revision && r.Id > schedule.AfterRevision) is { } written)
        {
            await schedules.EndAsync(schedule.Id, ScheduleState.Published, "site", null, written.Id);
            logger.LogWarning("{Path}: the scheduled sign-off was written as revision {Revision} before the site stopped; recorded as gone live", id.RelativePath, written.Id);
            return false;
        }

        var failure = state.Live?.Id != schedule.LiveRevision
                ? $"The published version changed after the sign-off (version {state.Live?.Id} is live now, not {schedule.LiveRevision?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}), so the signed-off version was not put over it. A reviewer should read the article again and sign it off."
            : files.FolderIsLink(id) ? $"content/{id.Kind.Folder()}/ is a symbolic link, which the site never writes through. Ask whoever runs the site to replace it with a real folder, then sign off again."
            : Check(id, schedule.Text).Report is { HasErrors: true } report ? $"The version has errors now ({report.Findings.First(f => f.Level == Content.Checks.FindingLevel.Error).Message}). Fix them, save and sign off again."
            : null;
        if (failure is not null)
        {
            await schedules.EndAsync(schedule.Id, ScheduleState.Failed, "site", failure);
            logger.LogError("{Path}: the publication scheduled for {GoLive:O} did not go live: {Reason}", id.RelativePath, schedule.GoLive, failure);
            return false;
        }

        var summary = $"{schedule.Summary} (signed off on {Dates.Time(schedule.Scheduled, clock.TimeZone)}; gone live as scheduled for {Dates.Time(schedule.GoLive, clock.TimeZone)})";
        var published = await PublishSignOffLockedAsync(id, schedule.Revision, schedule.Text, schedule.ReviewerAccount, summary, schedule.Minor);
        await schedules.EndAsync(schedule.Id, ScheduleState.Published, "site", null, published.Id);
        logger.LogInformation("{Path} revision {Signed}, signed off by {User}, went live as scheduled for {GoLive:O} (revision {Revision})",
            id.RelativePath, schedule.Revision, schedule.Reviewer, schedule.GoLive, published.Id);
        return true;
    }

    /// <summary>The article's newest schedule that could not go live, if it ended after <paramref name="since"/>
    /// (its live version's time: a later sign-off has dealt with it).</summary>
    public Task<ScheduledPublication?> LastFailedScheduleAsync(DocumentId id, DateTimeOffset since) =>
        schedules.LastFailedAsync(id.RelativePath, since);
}
