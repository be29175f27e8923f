using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Admin;

/// <summary>
/// The editor's rules in one place: every save becomes a revision in the data folder; a post or
/// page is then written to <c>content/</c> at once, while a condition article waits for a reviewer
/// to sign off that exact revision. One write lock (<see cref="ContentWriteLock"/>, across instances on PostgreSQL) orders every
/// change to the history and to <c>content/</c>, so a save, a sign-off and a recorded hand edit never interleave. This part opens
/// and checks documents; saving, sign-off, and discarding or restoring each have their own file.
/// </summary>
public sealed partial class EditorDocuments(
    ContentStore store,
    ClinicClock clock,
    RevisionStore revisions,
    ReviewRecords reviews,
    DocumentFiles files,
    HandEditRecorder handEdits,
    IOptions<EditorOptions> options,
    ReviewReminders reminders,
    ContentWriteLock writeLock,
    PictureFolders pictures,
    ILogger<EditorDocuments> logger)
{
    /// <summary>Shown as the reviewer of a condition article while it waits for sign-off.</summary>
    public const string ReviewerPlaceholder = "(the reviewer who signs it off)";

    public int ReviewIntervalMonths => options.Value.ReviewIntervalMonths;

    /// <summary>Loads a document's state, first recording any change made to its file by hand.
    /// Null when the document has neither a file nor any saved revision.</summary>
    public async Task<DocumentState?> OpenAsync(DocumentId id)
    {
        var writing = await writeLock.TakeAsync();
        try
        {
            return await OpenLockedAsync(id);
        }
        finally
        {
            await writing.DisposeAsync();
        }
    }

    private async Task<DocumentState?> OpenLockedAsync(DocumentId id)
    {
        var history = await revisions.ListAsync(id.RelativePath);
        var live = history.LastOrDefault(r => r.IsLive);
        // Usually recorded already when the watcher saw the change; this catches what it could not (a
        // file still being written then, or one with no history yet that was there when the site started).
        if (files.Read(id) is { } text && await handEdits.RecordAsync([new SeenFile(id, text, live)]) is [var recorded])
        {
            live = recorded;
            history = [.. history, live];
        }

        if (history.Count == 0)
        {
            return null;
        }

        var last = history[^1];
        var pending = last.Status == RevisionStatus.Pending ? last : null;
        // A new article whose only draft was thrown away: as if it had never been written.
        return live is null && pending is null ? null : new DocumentState(id, history, live, pending);
    }

    /// <summary>Records the changes the watcher found: each file as the content store loaded it, with that
    /// text hash. Returns the files that are gone, unreadable or different again by now, for the watcher
    /// to look at after the next reload.</summary>
    public async Task<IReadOnlyList<DocumentId>> RecordHandEditsAsync(IReadOnlyList<(DocumentId Id, string SeenHash)> seen, CancellationToken cancellationToken = default)
    {
        var writing = await writeLock.TakeAsync(cancellationToken);
        try
        {
            var liveHashes = await revisions.LiveHashesAsync(cancellationToken);
            var settled = new List<SeenFile>(seen.Count);
            var unsettled = new List<DocumentId>();
            foreach (var (id, seenHash) in seen)
            {
                if (files.Read(id) is not { } text || Revision.HashOf(text) != seenHash)
                {
                    unsettled.Add(id);
                    continue;
                }

                var live = liveHashes.ContainsKey(id.RelativePath) ? await revisions.LatestLiveAsync(id.RelativePath, cancellationToken) : null;
                settled.Add(new SeenFile(id, text, live));
            }

            await handEdits.RecordAsync(settled, cancellationToken);
            return unsettled;
        }
        finally
        {
            await writing.DisposeAsync();
        }
    }

    /// <summary>Runs the checks on a version, as it would be published: a condition article waiting
    /// for sign-off gets the reviewer and dates the sign-off will give it, so their absence is not
    /// reported as an error, and an unpublished picture counts as there, since publishing the version
    /// publishes it. Returns the text that was checked, for line numbers.</summary>
    public (CheckReport Report, string CheckedText) Check(DocumentId id, string text)
    {
        if (id.SiteFile is { } siteFile)
        {
            return (SiteFileChecks.Run(siteFile, text), text);
        }

        var checkedText = id.Kind == ArticleKind.Condition ? Provisional(text) : text;
        return (ContentChecks.Run(id.Kind, id.RelativePath, checkedText, pictures.ForEditor(CheckContext.For(store, clock))), checkedText);
    }

    /// <summary>A condition article's text as its sign-off would publish it: the reviewer and dates it
    /// lacks filled in with the placeholder and today's.</summary>
    public string Provisional(string text)
    {
        var parts = DocumentText.Split(text);
        var frontMatter = DocumentText.ReadFrontMatter(parts.Yaml, out _);
        if (frontMatter is null
            || (frontMatter.Reviewer?.Name is { Length: > 0 } && frontMatter.LastReviewed is not null && frontMatter.NextReviewDue is not null))
        {
            return text;
        }

        var today = clock.Today;
        frontMatter.Reviewer ??= new ReviewerFrontMatter { Name = ReviewerPlaceholder };
        frontMatter.LastReviewed ??= today;
        frontMatter.NextReviewDue ??= today.AddMonths(ReviewIntervalMonths);
        return DocumentText.Compose(parts.Yaml, frontMatter, parts.Body);
    }

    /// <summary>Whether a minor change may be signed off: the article has had a full review signed off here,
    /// whose reviewer and dates the minor change keeps.</summary>
    public bool MinorChangeAllowed(DocumentId id) =>
        id.Kind == ArticleKind.Condition && reviews.For(id.RelativePath) is not null;

    /// <summary>Whether the live version's reviewer and dates are what its newest sign-off wrote.</summary>
    public ReviewStanding StandingOf(DocumentId id, string text) => reviews.StandingOf(id, text);
}
