using System.Collections.Concurrent;
using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Editor;

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

public enum DocumentStatus
{
    Published,

    /// <summary>A condition article on the site that no clinician has signed off yet.</summary>
    AwaitingFirstReview,

    /// <summary>A condition article on the site whose reviewer or review dates were not written by a
    /// sign-off here (a hand edit, a <c>git pull</c>): its page shows it as awaiting review.</summary>
    ReviewNotSignedOff,
    Scheduled,
    Draft,
    AwaitingSignOff,
    SavedWithErrors,
    NotPublished,

    /// <summary>The file in <c>content/</c> breaks a rule that blocks publishing (a hand edit, say): the
    /// site shows the last version that passed, and the checks say why.</summary>
    LastGoodLive,
}

public sealed record DocumentSummary(
    DocumentId Id,
    string Title,
    DocumentStatus Status,
    DateOnly? LastReviewed,
    DateOnly? NextReviewDue,
    CheckReport Report,
    Revision? Working);

public enum SaveOutcome
{
    /// <summary>Written to <c>content/</c>: a post or page whose checks passed.</summary>
    Published,

    /// <summary>Kept as a pending revision until a reviewer signs it off (condition articles).</summary>
    AwaitingSignOff,

    /// <summary>Kept as a pending revision, not published, because the checks found errors.</summary>
    SavedWithErrors,

    /// <summary>The text is the same as the current version: nothing was saved.</summary>
    NoChange,

    /// <summary>Someone saved a newer version since this one was opened: nothing was saved.</summary>
    Stale,
}

public sealed record SaveResult(SaveOutcome Outcome, CheckReport? Report = null, Revision? Revision = null,
    DocumentState? Current = null, string? BaseText = null);

/// <summary>What <see cref="EditorDocuments.RecordOutsideChangeAsync"/> did.</summary>
public enum OutsideChange
{
    /// <summary>A new revision with status <see cref="RevisionStatus.Outside"/> was added.</summary>
    Recorded,

    /// <summary>The newest live revision has this text already (the editor wrote it, or it was recorded).</summary>
    AlreadyRecorded,

    /// <summary>The file is gone, unreadable or changed again since it was loaded: look at the next reload.</summary>
    Unsettled,
}

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
    CheckReport? Report = null, Revision? Newer = null)
{
    public bool Done => Outcome is SignOffOutcome.Published or SignOffOutcome.KeptAsDraft;
}

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

/// <summary>
/// The editor's rules in one place: every save becomes a revision in the data folder; a post or
/// page is then written to <c>content/</c> at once, while a condition article waits for a reviewer
/// to sign off that exact revision. Files are written atomically (a temporary dotfile in the same
/// folder, then a rename), so the content store, which ignores dotfiles, never reads half a file, and
/// the public site picks the change up through the same reload path as a hand edit.
/// </summary>
public sealed class EditorDocuments(
    ContentStore store,
    ClinicClock clock,
    RevisionStore revisions,
    ReviewRecords reviews,
    IOptions<EditorOptions> options,
    ReviewReminders reminders,
    ILogger<EditorDocuments> logger)
{
    /// <summary>Shown as the reviewer of a condition article while it waits for sign-off.</summary>
    public const string ReviewerPlaceholder = "(the reviewer who signs it off)";

    /// <summary>The history's summary of a file in <c>content/</c> changed by hand.</summary>
    public const string OutsideSummary = "Changed outside the editor";

    /// <summary>The history's summary of a file in <c>content/</c> the editor had no revision of.</summary>
    public const string FirstSeenSummary = "First version seen by the editor";

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private DashboardCache? _dashboard;

    public int ReviewIntervalMonths => options.Value.ReviewIntervalMonths;

    /// <summary>Loads a document's state, first recording any change made to its file by hand.
    /// Null when the document has neither a file nor any saved revision.</summary>
    public async Task<DocumentState?> OpenAsync(DocumentId id)
    {
        await _writeLock.WaitAsync();
        try
        {
            return await OpenLockedAsync(id);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<DocumentState?> OpenLockedAsync(DocumentId id)
    {
        var history = await revisions.ListAsync(id.RelativePath);
        var live = history.LastOrDefault(r => r.IsLive);
        if (ReadFile(id) is { } text)
        {
            // Usually recorded already by OutsideChangeRecorder when the watcher saw the change; this
            // catches what it could not (a file still being written then, or a file with no history
            // yet that was there when the site started).
            if (await RecordIfChangedAsync(id, text, live) is { } recorded)
            {
                live = recorded;
                history = [.. history, live];
            }
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

    /// <summary>Records <paramref name="text"/>, the file in <c>content/</c>, as a change made outside the
    /// editor unless it is the newest live revision already. Call under the write lock.</summary>
    private async Task<Revision?> RecordIfChangedAsync(DocumentId id, string text, Revision? live)
    {
        if (live is not null && live.Hash == Revision.HashOf(text))
        {
            return null;
        }

        var summary = live is null ? FirstSeenSummary : OutsideSummary;
        var recorded = await revisions.AddAsync(id.RelativePath, text, RevisionStatus.Outside, null, summary);
        logger.LogInformation("Recorded {Path} as revision {Revision}: {Summary}", id.RelativePath, recorded.Id, summary);
        if (id.Kind == ArticleKind.Condition && StandingOf(id, text) == ReviewStanding.NotSignedOff
            && (live is null || StandingOf(id, live.Text) != ReviewStanding.NotSignedOff))
        {
            // Said once, when the claim stops being one a sign-off wrote; the dashboard keeps saying it.
            logger.LogWarning("{Path}: the reviewer or review dates were changed outside the editor, so its page shows it as waiting for a clinician to confirm its review until a reviewer signs it off", id.RelativePath);
        }

        return recorded;
    }

    /// <summary>Records a change to a file in <c>content/</c> that the content store has just loaded with
    /// text hash <paramref name="seenHash"/>, unless the history has it already (the editor's own write).
    /// A file that is gone, unreadable or different again by now is left for the next reload.</summary>
    public async Task<OutsideChange> RecordOutsideChangeAsync(DocumentId id, string seenHash, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (ReadFile(id) is not { } text || Revision.HashOf(text) != seenHash)
            {
                return OutsideChange.Unsettled;
            }

            var live = await revisions.LatestLiveAsync(id.RelativePath, cancellationToken);
            return await RecordIfChangedAsync(id, text, live) is null ? OutsideChange.AlreadyRecorded : OutsideChange.Recorded;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Records, in one transaction, the first version of each file the history has nothing of
    /// yet: the text the content store loaded with the given hash. A file that is gone or different by
    /// now is skipped (its next change is recorded, or opening it records it). Returns how many.</summary>
    public async Task<int> RecordFirstVersionsAsync(IReadOnlyList<(DocumentId Id, string SeenHash)> files, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var live = await revisions.LiveHashesAsync(cancellationToken);
            var batch = new List<(string Path, string Text)>();
            foreach (var (id, seenHash) in files.Where(f => !live.ContainsKey(f.Id.RelativePath)))
            {
                // Gone, locked or a link: opening it, or its next change, records it (a link never).
                if (ReadFile(id) is { } text && Revision.HashOf(text) == seenHash)
                {
                    batch.Add((id.RelativePath, text));
                }
            }

            return await revisions.AddManyAsync(batch, RevisionStatus.Outside, FirstSeenSummary, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Runs the checks on a version, as it would be published: a condition article waiting
    /// for sign-off gets the reviewer and dates the sign-off will give it, so their absence is not
    /// reported as an error. Returns the text that was checked, for line numbers.</summary>
    public (CheckReport Report, string CheckedText) Check(DocumentId id, string text)
    {
        var checkedText = id.Kind == ArticleKind.Condition ? Provisional(text) : text;
        return (ContentChecks.Run(id.Kind, id.RelativePath, checkedText, CheckContext.For(store, clock)), checkedText);
    }

    private string Provisional(string text)
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

    /// <summary>Saves a new version made from the version whose hash is <paramref name="baseHash"/>.</summary>
    public async Task<SaveResult> SaveAsync(DocumentId id, string text, string baseHash, EditorAccount author, string summary, bool minor)
    {
        text = text.ReplaceLineEndings("\n");
        await _writeLock.WaitAsync();
        try
        {
            var state = await OpenLockedAsync(id);
            var currentHash = state?.WorkingHash ?? string.Empty;
            if (state is not null && !string.Equals(currentHash, baseHash ?? string.Empty, StringComparison.Ordinal))
            {
                var baseText = state?.History.LastOrDefault(r => r.Hash == baseHash)?.Text;
                return new SaveResult(SaveOutcome.Stale, Current: state, BaseText: baseText);
            }

            // Nothing changed: nothing to keep. A reviewer who reads an article and finds it right signs off
            // the live version itself ("reviewed, still correct": SignOffAsync).
            if (state is not null && Revision.HashOf(text) == currentHash)
            {
                return new SaveResult(SaveOutcome.NoChange, Current: state);
            }

            var (report, _) = Check(id, text);
            summary = string.IsNullOrWhiteSpace(summary) ? "Edited" : summary.Trim();
            // A linked folder is never written through: the save is kept, unpublished, like one with errors.
            if (id.Kind == ArticleKind.Condition)
            {
                return new SaveResult(SaveOutcome.AwaitingSignOff, report, await KeepForSignOffAsync(id, text, author, summary, minor));
            }

            if (report.HasErrors || FolderIsLink(id))
            {
                var pending = await revisions.AddAsync(id.RelativePath, text, RevisionStatus.Pending, author, summary, minor);
                return new SaveResult(SaveOutcome.SavedWithErrors, report, pending);
            }

            var published = await revisions.AddAsync(id.RelativePath, text, RevisionStatus.Published, author, summary, minor);
            await WriteAsync(id, text);
            logger.LogInformation("{User} published {Path} (revision {Revision})", author.UserName, id.RelativePath, published.Id);
            return new SaveResult(SaveOutcome.Published, report, published);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The one place a version of a condition article starts waiting for a reviewer's sign-off.
    /// Call under the write lock.</summary>
    private async Task<Revision> KeepForSignOffAsync(DocumentId id, string text, EditorAccount author, string summary, bool minor)
    {
        var pending = await revisions.AddAsync(id.RelativePath, text, RevisionStatus.Pending, author, summary, minor);
        logger.LogInformation("{User} saved {Path} revision {Revision}, waiting for sign-off", author.UserName, id.RelativePath, pending.Id);
        reminders.Wake(); // reviewers with an email address hear that it waits for them
        return pending;
    }

    /// <summary>Whether a minor change may be signed off: the article has had a full review signed off here,
    /// whose reviewer and dates the minor change keeps.</summary>
    public bool MinorChangeAllowed(DocumentId id) =>
        id.Kind == ArticleKind.Condition && reviews.For(id.RelativePath) is not null;

    /// <summary>Whether the live version's reviewer and dates are what its newest sign-off wrote (not a hand
    /// edit or a <c>git pull</c>). A file that claims no review is <see cref="ReviewStanding.NoClaim"/>.</summary>
    public ReviewStanding StandingOf(DocumentId id, string text) =>
        reviews.Standing(ReviewClaim.Of(DocumentText.ReadFrontMatter(DocumentText.Split(text).Yaml, out _)), id.RelativePath);

    /// <summary>
    /// Signs off revision <paramref name="revisionId"/> of a condition article as <paramref name="reviewer"/>
    /// and writes it to <c>content/</c>. The revision is the version waiting for sign-off or, when none waits,
    /// the live version itself: "reviewed, still correct", a full review with no change to the text. A full
    /// review writes the reviewer's name and today's dates; a minor change keeps the reviewer and dates of the
    /// last full review (the page shows "Last updated" instead). A version marked as a draft is published or
    /// kept as a draft as the reviewer chooses (<paramref name="publication"/>; null when not asked).
    /// </summary>
    public async Task<SignOffResult> SignOffAsync(DocumentId id, long revisionId, EditorAccount reviewer, ReviewKind kind, Publication? publication)
    {
        if (!reviewer.IsReviewer)
        {
            return new SignOffResult(SignOffOutcome.NotAReviewer);
        }

        await _writeLock.WaitAsync();
        try
        {
            var state = await OpenLockedAsync(id);
            if (id.Kind != ArticleKind.Condition || (state?.Pending ?? state?.Live) is not { } signed)
            {
                return new SignOffResult(SignOffOutcome.NothingToSignOff);
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

            if (FolderIsLink(id))
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
            var published = await revisions.AddAsync(id.RelativePath, text, RevisionStatus.Published, reviewer, summary,
                kind == ReviewKind.Minor, signed.Id);
            // Before the file is written, so the page made from the new file finds its sign-off.
            reviews.Add(new SignOffRow(published.Id, id.RelativePath, text, published.Minor, published.Created, reviewer.DisplayName));
            await WriteAsync(id, text);
            logger.LogInformation("{User} signed off {Path} revision {Signed} as {Revision} ({Kind}, draft: {Draft})",
                reviewer.UserName, id.RelativePath, signed.Id, published.Id, signOffKind, draft);
            return new SignOffResult(draft ? SignOffOutcome.KeptAsDraft : SignOffOutcome.Published, signOffKind, published);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Throws away the version waiting (for sign-off, or with errors) without publishing anything:
    /// the editor goes back to the live version. Anyone signed in may do it; no sign-off is needed, because
    /// the public page never showed the thrown-away version. The history keeps it, and notes who threw it away.</summary>
    public async Task<DiscardOutcome> DiscardAsync(DocumentId id, long revisionId, EditorAccount author)
    {
        await _writeLock.WaitAsync();
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

            var summary = state.Live is { } live
                ? $"Threw away version {pending.Id}: back to the live version {live.Id}"
                : $"Threw away version {pending.Id}: the article was never published";
            var discarded = await revisions.AddAsync(id.RelativePath, state.Live?.Text ?? string.Empty, RevisionStatus.Discarded, author, summary);
            logger.LogInformation("{User} threw away {Path} revision {Pending} (revision {Revision})", author.UserName, id.RelativePath, pending.Id, discarded.Id);
            return DiscardOutcome.Discarded;
        }
        finally
        {
            _writeLock.Release();
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

        return await SaveAsync(id, old.Text, baseHash, author, $"Restored version {old.Id} of {Site.Dates.Time(old.Created, clock.TimeZone)}", minor: false);
    }

    /// <summary>Every document in <c>content/</c> and every new one saved in the editor only.</summary>
    /// <remarks>Each document's checks and settings are cached by (path, text hash) for one content
    /// version and one day: links to other articles, pictures and review dates depend on those, so a
    /// reload or a new day starts afresh. Documents whose file matches the newest live revision are
    /// listed from one query of the history; any other is opened, which records the hand edit.</remarks>
    public async Task<IReadOnlyList<DocumentSummary>> ListAsync()
    {
        var ids = new HashSet<DocumentId>();
        foreach (var (kind, relative, _) in EditorCommands.ContentFiles(store.Root))
        {
            if (DocumentId.TryFromRelativePath(relative, out var id) && id.Kind == kind)
            {
                ids.Add(id);
            }
        }

        var newest = new Dictionary<string, Revision>(StringComparer.Ordinal);
        var newestLive = new Dictionary<string, Revision>(StringComparer.Ordinal);
        foreach (var revision in await revisions.LatestAsync())
        {
            if (DocumentId.TryFromRelativePath(revision.Path, out var id))
            {
                ids.Add(id);
            }

            // Oldest first: the last one seen of each kind is the newest.
            newest[revision.Path] = revision;
            if (revision.IsLive)
            {
                newestLive[revision.Path] = revision;
            }
        }

        var snapshot = store.Current;
        var today = clock.Today;
        var cache = Volatile.Read(ref _dashboard);
        if (cache is null || cache.Version != snapshot.Version || cache.Today != today)
        {
            cache = new DashboardCache(snapshot.Version, today, new());
            Volatile.Write(ref _dashboard, cache);
        }

        var publishedByPath = snapshot.Published.ToDictionary(a => a.SourcePath, StringComparer.Ordinal);
        var rows = new List<(DocumentId Id, Revision Working, bool Pending)>();
        foreach (var id in ids.OrderBy(i => i.Kind).ThenBy(i => i.Slug, StringComparer.Ordinal))
        {
            var live = newestLive.GetValueOrDefault(id.RelativePath);
            var last = newest.GetValueOrDefault(id.RelativePath);
            if (ReadFile(id) is { } text && (live is null || live.Hash != Revision.HashOf(text)))
            {
                // Changed by hand and not recorded yet: opening records it, as it always has.
                if (await OpenAsync(id) is { Working: { } working } state)
                {
                    rows.Add((id, working, state.Pending is not null));
                }

                continue;
            }

            var pending = last?.Status == RevisionStatus.Pending ? last : null;
            if ((pending ?? live) is { } current)
            {
                rows.Add((id, current, pending is not null));
            }
        }

        // Checks of the documents not in the cache yet, on every core: the first load of a large site.
        var missing = rows.Where(r => !cache.Entries.ContainsKey((r.Id.RelativePath, r.Working.Hash, r.Pending))).ToList();
        var context = CheckContext.For(store, snapshot, today);
        Parallel.ForEach(missing, row =>
            cache.Entries.TryAdd((row.Id.RelativePath, row.Working.Hash, row.Pending), Summarise(row.Id, row.Working.Text, row.Pending, context)));

        var list = new List<DocumentSummary>(rows.Count);
        foreach (var (id, working, pending) in rows)
        {
            var entry = cache.Entries.GetOrAdd((id.RelativePath, working.Hash, pending), _ => Summarise(id, working.Text, pending, context));
            var published = publishedByPath.GetValueOrDefault(id.RelativePath);
            var status = entry.Draft ? DocumentStatus.Draft
                : pending ? (id.Kind == ArticleKind.Condition ? DocumentStatus.AwaitingSignOff : DocumentStatus.SavedWithErrors)
                : published is null ? DocumentStatus.NotPublished
                : snapshot.LastGoodLive.Contains(id.RelativePath) ? DocumentStatus.LastGoodLive
                : published.Kind == ArticleKind.Post && published.Published > today ? DocumentStatus.Scheduled
                : published.AwaitingFirstReview ? DocumentStatus.AwaitingFirstReview
                : published.Kind == ArticleKind.Condition && reviews.StandingOf(published) == ReviewStanding.NotSignedOff ? DocumentStatus.ReviewNotSignedOff
                : DocumentStatus.Published;
            var report = status == DocumentStatus.ReviewNotSignedOff
                ? entry.Report with { Findings = [.. entry.Report.Findings, NotSignedOffFinding(id.RelativePath)] }
                : entry.Report;
            list.Add(new DocumentSummary(
                id,
                entry.Title ?? published?.Title ?? id.Slug,
                status,
                published?.LastReviewed ?? entry.LastReviewed,
                published?.NextReviewDue ?? entry.NextReviewDue,
                report,
                working));
        }

        return list;
    }

    /// <summary>The warning for a review claim no sign-off here backs: the dashboard's and <c>check-content</c>'s.</summary>
    public static ContentFinding NotSignedOffFinding(string relativePath) =>
        new(ContentRules.ReviewNotSignedOff, relativePath, null, NotSignedOffMessage);

    public const string NotSignedOffMessage =
        "The reviewer or review dates were not written by a sign-off in this site's editor (a hand edit, a git pull or a copy from elsewhere), so the public page does not show them and says the page is waiting for a clinician to confirm its review. A reviewer should read it and sign off a full review.";

    /// <summary>What the dashboard shows of one version: its check report and a few settings. A pending
    /// condition article is checked as its sign-off will publish it; a live one as it is, so one
    /// awaiting its first review is reported as such.</summary>
    private DashboardEntry Summarise(DocumentId id, string text, bool pending, CheckContext context)
    {
        var checkedText = id.Kind == ArticleKind.Condition && pending ? Provisional(text) : text;
        var report = ContentChecks.Run(id.Kind, id.RelativePath, checkedText, context);
        var frontMatter = DocumentText.ReadFrontMatter(DocumentText.Split(text).Yaml, out _);
        return new DashboardEntry(report, frontMatter?.Title, frontMatter?.Draft == true, frontMatter?.LastReviewed, frontMatter?.NextReviewDue);
    }

    private sealed record DashboardEntry(CheckReport Report, string? Title, bool Draft, DateOnly? LastReviewed, DateOnly? NextReviewDue);

    /// <summary>The dashboard's entries for one content version and one day, by (path, text hash, pending).</summary>
    private sealed record DashboardCache(long Version, DateOnly Today, ConcurrentDictionary<(string Path, string Hash, bool Pending), DashboardEntry> Entries);

    /// <summary>The text of the document's file in <c>content/</c>; null when it is missing, unreadable or a
    /// link (a link is never followed, so nothing outside the folder reaches the history).</summary>
    private string? ReadFile(DocumentId id) =>
        ContentFile.Read(store.Root, id.FullPath(store.Root)) is { Status: ContentReadStatus.Read, Text: var text } ? text : null;

    /// <summary>Whether the document's folder in <c>content/</c> is a link: writing through it would put the
    /// file outside the content folder (the store refuses the whole folder).</summary>
    private bool FolderIsLink(DocumentId id) =>
        ContentFile.IsLink(new DirectoryInfo(Path.GetDirectoryName(id.FullPath(store.Root))!));

    private async Task WriteAsync(DocumentId id, string text)
    {
        var path = id.FullPath(store.Root);
        var folder = Path.GetDirectoryName(path)!;
        if (FolderIsLink(id))
        {
            // Checked before every write's caller decides; this stops a link that appeared since.
            throw new IOException($"content/{id.Kind.Folder()}/ is a symbolic link; the file was not written.");
        }

        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(temporary, text);
        File.Move(temporary, path, overwrite: true);
        // Reloaded now, not on the watcher's timer: the next request sees the new version.
        store.Reload();
    }
}
