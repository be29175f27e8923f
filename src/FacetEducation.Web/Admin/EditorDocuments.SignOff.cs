using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;

namespace FacetEducation.Web.Admin;

/// <summary>The kind of review a reviewer signs off.</summary>
public enum ReviewKind
{
    /// <summary>A full clinical review: the reviewer's name and today's date go on the page, the next review
    /// is due after <see cref="EditorOptions.ReviewIntervalMonths"/>.</summary>
    Full,

    /// <summary>A minor change (typos, links): the last full review's reviewer and dates stay; the page
    /// shows "Last updated" with today's date. Only for an article that has had a full review here.</summary>
    Minor,
}

/// <summary>What a sign-off does to the article on the public site, chosen by the reviewer when the
/// version is a draft or the article is not on the site yet.</summary>
public enum Publication
{
    Publish,
    KeepAsDraft,
}

/// <summary>What a sign-off did.</summary>
public enum SignOffOutcome
{
    /// <summary>Written to <c>content/</c>, and the article is meant to be on the public site.</summary>
    Published,

    /// <summary>Written to <c>content/</c> as a draft: signed off, and kept off the public site.</summary>
    KeptAsDraft,

    NotAReviewer,

    /// <summary>Nothing to sign off: no version waits (and this is not a live condition article).</summary>
    NothingToSignOff,

    /// <summary>That version was signed off already (a second press of the button).</summary>
    AlreadySignedOff,

    /// <summary>A newer version was saved after the reviewer opened this one: nothing was signed off.</summary>
    Superseded,

    /// <summary>The article's folder is a symbolic link, which is never written through.</summary>
    FolderIsLink,

    /// <summary>The version as it would be published has errors.</summary>
    HasErrors,

    /// <summary>A minor change was asked for an article with no full review signed off here.</summary>
    NoFullReviewYet,

    /// <summary>The version is a draft, and the reviewer did not say whether to publish it or keep it as one.</summary>
    PublicationNotChosen,

    /// <summary>Signed off, to go live at the time the reviewer chose (<see cref="SignOffResult.Schedule"/>).</summary>
    Scheduled,

    /// <summary>The time to go live was refused (<see cref="SignOffResult.Refusal"/> says why): nothing was signed off.</summary>
    GoLiveRefused,

    /// <summary>The version is already signed off to go live later: cancel that first to sign it off again.</summary>
    AlreadyScheduled,
}

/// <summary>How a sign-off is named in the history and to the reviewer.</summary>
public enum SignOffKind
{
    FullReview,
    MinorChange,

    /// <summary>"Reviewed, still correct": a full review of the live version with no change to its text.</summary>
    StillCorrect,
}

/// <summary>What <see cref="EditorDocuments.SignOffAsync"/> did; the page chooses the words.</summary>
public sealed record SignOffResult(SignOffOutcome Outcome, SignOffKind Kind = SignOffKind.FullReview, Revision? Revision = null,
    CheckReport? Report = null, Revision? Newer = null, ScheduledPublication? Schedule = null, string? Refusal = null)
{
    public bool Done => Outcome is SignOffOutcome.Published or SignOffOutcome.KeptAsDraft or SignOffOutcome.Scheduled;
}

/// <summary>Sign-off: a reviewer puts a condition article version on the site with their review.</summary>
public sealed partial class EditorDocuments
{
    /// <summary>
    /// Signs off revision <paramref name="revisionId"/> of a condition article as <paramref name="reviewer"/>
    /// and writes it to <c>content/</c>. The revision is the version waiting for sign-off or, when none waits,
    /// the live version itself: "reviewed, still correct", a full review with no change to the text. A full
    /// review writes the reviewer's name and today's dates; a minor change keeps the reviewer and dates of the
    /// last full review (the page shows "Last updated" instead). A version marked as a draft is published or
    /// kept as a draft as the reviewer chooses (<paramref name="publication"/>; null when not asked). With
    /// <paramref name="goLive"/> (a moment chosen by the reviewer, <see cref="GoLiveRule"/>) the sign-off is
    /// kept and goes live then (<see cref="PublishDueAsync"/>); the review is still dated the day it was signed.
    /// Any sign-off of the article takes the place of a schedule it had.
    /// </summary>
    public async Task<SignOffResult> SignOffAsync(DocumentId id, long revisionId, EditorAccount reviewer, ReviewKind kind, Publication? publication,
        DateTimeOffset? goLive = null)
    {
        if (!reviewer.IsReviewer)
        {
            return new SignOffResult(SignOffOutcome.NotAReviewer);
        }

        var writing = await writeLock.TakeAsync();
        try
        {
            var state = await OpenLockedAsync(id);
            if (id.Kind != ArticleKind.Condition || (state?.Pending ?? state?.Live) is not { } signed)
            {
                return new SignOffResult(SignOffOutcome.NothingToSignOff);
            }

            if (state!.Schedule is { } open && state.Pending is null)
            {
                // The newest version is signed off already, to go live later: the live one is not offered for review.
                return new SignOffResult(SignOffOutcome.AlreadyScheduled, Schedule: open);
            }

            if (signed.Id != revisionId)
            {
                return state!.History.Any(r => r.IsSignOff && r.SignedOffRevision == revisionId)
                    ? new SignOffResult(SignOffOutcome.AlreadySignedOff)
                    : new SignOffResult(SignOffOutcome.Superseded, Newer: signed);
            }

            var unchanged = state!.Pending is null;
            if (unchanged && kind == ReviewKind.Minor)
            {
                // A minor change with no change: there is nothing to sign off but a review.
                return new SignOffResult(SignOffOutcome.NothingToSignOff);
            }

            if (files.FolderIsLink(id))
            {
                return new SignOffResult(SignOffOutcome.FolderIsLink);
            }

            var today = clock.Today;
            ReviewClaim claim;
            if (kind == ReviewKind.Minor)
            {
                if (reviews.For(id.RelativePath) is not { } record)
                {
                    return new SignOffResult(SignOffOutcome.NoFullReviewYet);
                }

                claim = record.Claim;
            }
            else
            {
                claim = new ReviewClaim(reviewer.DisplayName, reviewer.Registration, today, today.AddMonths(ReviewIntervalMonths));
            }

            var frontMatter = DocumentText.ReadFrontMatter(DocumentText.Split(signed.Text).Yaml, out _);
            if (frontMatter is null)
            {
                return new SignOffResult(SignOffOutcome.HasErrors, Report: Check(id, signed.Text).Report);
            }

            if (frontMatter.Draft && publication is null)
            {
                return new SignOffResult(SignOffOutcome.PublicationNotChosen);
            }

            var draft = publication is { } chosen ? chosen == Publication.KeepAsDraft : frontMatter.Draft;
            if (goLive is { } moment && GoLiveRule.Refusal(moment, draft, clock) is { } refusal)
            {
                return new SignOffResult(SignOffOutcome.GoLiveRefused, Refusal: refusal);
            }

            var text = DocumentText.Stamp(signed.Text, claim, draft);
            var (report, _) = Check(id, text);
            if (report.HasErrors)
            {
                return new SignOffResult(SignOffOutcome.HasErrors, Report: report);
            }

            var signOffKind = kind == ReviewKind.Minor ? SignOffKind.MinorChange : unchanged ? SignOffKind.StillCorrect : SignOffKind.FullReview;
            var summary = signOffKind switch
            {
                SignOffKind.MinorChange => $"Signed off by {reviewer.DisplayName} as a minor change (review dates kept): {signed.Summary}",
                SignOffKind.StillCorrect => $"Signed off by {reviewer.DisplayName}: reviewed, still correct (no change to the text)",
                _ => $"Signed off by {reviewer.DisplayName} as a full review: {signed.Summary}",
            };
            if (goLive is { } at)
            {
                var schedule = await schedules.AddAsync(new ScheduledPublication(0, id.RelativePath, signed.Id, state.Live?.Id, state.History.Max(r => r.Id),
                    signOffKind, kind == ReviewKind.Minor, draft, text, summary, at, reviewer.UserName, reviewer.DisplayName, reviewer.Registration,
                    clock.Now, ScheduleState.Scheduled, null), reviewer.UserName);
                logger.LogInformation("{User} signed off {Path} revision {Signed} ({Kind}) to go live at {GoLive:O} (schedule {Schedule})",
                    reviewer.UserName, id.RelativePath, signed.Id, signOffKind, at, schedule.Id);
                return new SignOffResult(SignOffOutcome.Scheduled, signOffKind, Schedule: schedule);
            }

            if (state.Schedule is { } replaced)
            {
                await schedules.EndAsync(replaced.Id, ScheduleState.Replaced, reviewer.UserName, $"Signed off to go live now by {reviewer.DisplayName}.");
            }

            var published = await PublishSignOffLockedAsync(id, signed.Id, text, reviewer, summary, kind == ReviewKind.Minor);
            logger.LogInformation("{User} signed off {Path} revision {Signed} as {Revision} ({Kind}, draft: {Draft})",
                reviewer.UserName, id.RelativePath, signed.Id, published.Id, signOffKind, draft);
            return new SignOffResult(draft ? SignOffOutcome.KeptAsDraft : SignOffOutcome.Published, signOffKind, published);
        }
        finally
        {
            await writing.DisposeAsync();
        }
    }

    /// <summary>The one way a sign-off reaches <c>content/</c>, now or when its time comes: the signed text
    /// becomes a published revision naming the version it signs, the review records learn it, then the file
    /// is written atomically and the content reloaded. Call under the write lock.</summary>
    private async Task<Revision> PublishSignOffLockedAsync(DocumentId id, long signedId, string text, EditorAccount reviewer, string summary, bool minor)
    {
        var published = await revisions.AddAsync(id.RelativePath, text, RevisionStatus.Published, reviewer, summary, minor, signedId);
        // Before the file is written, so the page made from the new file finds its sign-off.
        reviews.Add(new SignOffRow(published.Id, id.RelativePath, text, published.Minor, published.Created, reviewer.DisplayName));
        await files.WriteAsync(id, text);
        return published;
    }
}
