using System.Collections.Concurrent;
using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;

namespace FacetEducation.Web.Admin;

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

/// <summary>
/// The editor's dashboard: every document in <c>content/</c> and every new one saved in the editor only,
/// with its status, review dates and check report.
/// </summary>
/// <remarks>Each document's checks and settings are cached by (path, text hash) for one content
/// version and one day: links to other articles, pictures and review dates depend on those, so a
/// reload or a new day starts afresh. Documents whose file matches the newest live revision are
/// listed from one query of the history; any other is opened, which records the hand edit.</remarks>
public sealed class EditorDashboard(
    ContentStore store,
    ClinicClock clock,
    RevisionStore revisions,
    ReviewRecords reviews,
    DocumentFiles files,
    EditorDocuments documents,
    PictureFolders pictures)
{
    private DashboardCache? _dashboard;

    public async Task<IReadOnlyList<DocumentSummary>> ListAsync()
    {
        var ids = new HashSet<DocumentId>();
        foreach (var (kind, relative, _) in ContentFile.MarkdownFiles(store.Root))
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
            if (files.Read(id) is { } text && (live is null || live.Hash != Revision.HashOf(text)))
            {
                // Changed by hand and not recorded yet: opening records it, as it always has.
                if (await documents.OpenAsync(id) is { Working: { } working } state)
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
        // A waiting version may use a picture not published yet: publishing the version publishes it.
        var waitingContext = pictures.ForEditor(context);
        Parallel.ForEach(missing, row =>
            cache.Entries.TryAdd((row.Id.RelativePath, row.Working.Hash, row.Pending), Summarise(row.Id, row.Working.Text, row.Pending, row.Pending ? waitingContext : context)));

        var list = new List<DocumentSummary>(rows.Count);
        foreach (var (id, working, pending) in rows)
        {
            var entry = cache.Entries.GetOrAdd((id.RelativePath, working.Hash, pending), _ => Summarise(id, working.Text, pending, pending ? waitingContext : context));
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
                ? entry.Report with { Findings = [.. entry.Report.Findings, ReviewRecords.NotSignedOffFinding(id.RelativePath)] }
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

    /// <summary>What the dashboard shows of one version: its check report and a few settings. A pending
    /// condition article is checked as its sign-off will publish it; a live one as it is, so one
    /// awaiting its first review is reported as such.</summary>
    private DashboardEntry Summarise(DocumentId id, string text, bool pending, CheckContext context)
    {
        var checkedText = id.Kind == ArticleKind.Condition && pending ? documents.Provisional(text) : text;
        var report = ContentChecks.Run(id.Kind, id.RelativePath, checkedText, context);
        var frontMatter = DocumentText.ReadFrontMatter(DocumentText.Split(text).Yaml, out _);
        return new DashboardEntry(report, frontMatter?.Title, frontMatter?.Draft == true, frontMatter?.LastReviewed, frontMatter?.NextReviewDue);
    }

    private sealed record DashboardEntry(CheckReport Report, string? Title, bool Draft, DateOnly? LastReviewed, DateOnly? NextReviewDue);

    /// <summary>The dashboard's entries for one content version and one day, by (path, text hash, pending).</summary>
    private sealed record DashboardCache(long Version, DateOnly Today, ConcurrentDictionary<(string Path, string Hash, bool Pending), DashboardEntry> Entries);
}
