using System.Data.Common;
using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;
using Microsoft.Data.Sqlite;

namespace FacetEducation.Web.Admin;

/// <summary>A clinical review as the front matter states it: who reviewed the article, and when it was
/// reviewed and is next due.</summary>
public sealed record ReviewClaim(string ReviewerName, string? Registration, DateOnly LastReviewed, DateOnly NextReviewDue)
{
    /// <summary>The claim a file makes; null when it names no reviewer or lacks a date.</summary>
    public static ReviewClaim? Of(Reviewer? reviewer, DateOnly? lastReviewed, DateOnly? nextReviewDue) =>
        reviewer is { Name: { Length: > 0 } name } && lastReviewed is { } last && nextReviewDue is { } next
            ? new ReviewClaim(name.Trim(), string.IsNullOrWhiteSpace(reviewer.Registration) ? null : reviewer.Registration.Trim(), last, next)
            : null;

    public static ReviewClaim? Of(Article article) => Of(article.Reviewer, article.LastReviewed, article.NextReviewDue);

    public static ReviewClaim? Of(FrontMatter? frontMatter) =>
        frontMatter is null ? null
        : Of(frontMatter.Reviewer?.Name is { } name ? new Reviewer(name, frontMatter.Reviewer.Registration) : null, frontMatter.LastReviewed, frontMatter.NextReviewDue);
}

/// <summary>What the editor's sign-offs say of one document: the review its newest sign-off wrote (the
/// only claim it backs), and the day of the newest minor change signed off after the last full review.</summary>
public sealed record ReviewRecord(ReviewClaim Claim, DateOnly? LastUpdated);

/// <summary>Whether a condition article's review claim may be shown as a review.</summary>
public enum ReviewStanding
{
    /// <summary>The file claims no review (awaiting its first review).</summary>
    NoClaim,

    /// <summary>The claim is the one the newest sign-off of this file wrote.</summary>
    SignedOff,

    /// <summary>The reviewer or review dates were written some other way (a hand edit, a <c>git pull</c>),
    /// or the editor's history cannot be read: not shown as a review until a reviewer signs it off.</summary>
    NotSignedOff,
}

/// <summary>
/// Which review claims in <c>content/</c> a sign-off in this site backs. The front matter is the record
/// of a review, and only a sign-off writes it; the history in the data folder (<see cref="RevisionStore"/>)
/// keeps each sign-off's text, so the claim each one wrote is known. A file whose reviewer or dates differ
/// from what its newest sign-off wrote was changed some other way, and its page does not show a review.
/// Read from the history (the front matter of each sign-off) for each content version, when first
/// looked up: a sign-off stores its revision before it writes its file, so the version that brings
/// the file brings the record too, whichever instance signed it off (on PostgreSQL the history is
/// shared, docs/scaling.md). <see cref="EditorDocuments"/> also notes its own sign-offs at once;
/// the public pages only look it up.
/// </summary>
public sealed class ReviewRecords(RevisionStore revisions, ContentStore store, ClinicClock clock, ILogger<ReviewRecords> logger)
{
    private readonly Lock _loadLock = new();
    private Loaded? _loaded;

    /// <summary>Whether <paramref name="article"/>'s review claim may be shown as a review.</summary>
    public ReviewStanding StandingOf(Article article) =>
        Standing(ReviewClaim.Of(article), article.SourcePath);

    /// <summary>Whether a version's reviewer and dates are what the document's newest sign-off wrote (not a
    /// hand edit or a <c>git pull</c>). A text that claims no review is <see cref="ReviewStanding.NoClaim"/>.</summary>
    public ReviewStanding StandingOf(DocumentId id, string text) =>
        Standing(ReviewClaim.Of(DocumentText.ReadFrontMatter(DocumentText.Split(text).Yaml, out _)), id.RelativePath);

    public ReviewStanding Standing(ReviewClaim? claim, string path) => Standing(Records, claim, path);

    /// <summary>The warning for a review claim no sign-off here backs: the dashboard's and <c>check-content</c>'s.</summary>
    public static ContentFinding NotSignedOffFinding(string relativePath) =>
        new(ContentRules.ReviewNotSignedOff, relativePath, null, NotSignedOffMessage);

    public const string NotSignedOffMessage =
        "The reviewer or review dates were not written by a sign-off in this site's editor (a hand edit, a git pull or a copy from elsewhere), so the public page does not show them and says the page is waiting for a clinician to confirm its review. A reviewer should read it and sign off a full review.";

    /// <summary>The one comparison: a claim is signed off when it is exactly what the file's newest sign-off wrote.</summary>
    public static ReviewStanding Standing(IReadOnlyDictionary<string, ReviewRecord> records, ReviewClaim? claim, string path) =>
        claim is null ? ReviewStanding.NoClaim
        : records.TryGetValue(path, out var record) && record.Claim == claim ? ReviewStanding.SignedOff
        : ReviewStanding.NotSignedOff;

    /// <summary>The record of one document's sign-offs, if it has any.</summary>
    public ReviewRecord? For(string path) => Records.GetValueOrDefault(path);

    /// <summary>Notes a sign-off just stored in the history (called before its file is written, so the
    /// page made from the new file finds it).</summary>
    internal void Add(SignOffRow row)
    {
        lock (_loadLock)
        {
            var loaded = Volatile.Read(ref _loaded) ?? Load(store.Current.Version);
            var records = new Dictionary<string, ReviewRecord>(loaded.Records, StringComparer.Ordinal);
            Apply(records, row, clock.TimeZone);
            Volatile.Write(ref _loaded, loaded with { Records = records });
        }
    }

    private IReadOnlyDictionary<string, ReviewRecord> Records
    {
        get
        {
            var version = store.Current.Version;
            var loaded = Volatile.Read(ref _loaded);
            if (loaded is not null && loaded.Version >= version)
            {
                return loaded.Records;
            }

            lock (_loadLock)
            {
                loaded = Volatile.Read(ref _loaded);
                return loaded is not null && loaded.Version >= version ? loaded.Records : Load(version).Records;
            }
        }
    }

    /// <summary>Reads the records for content version <paramref name="version"/> (under the load lock).</summary>
    private Loaded Load(long version)
    {
        var previous = Volatile.Read(ref _loaded);
        IReadOnlyDictionary<string, ReviewRecord> records;
        try
        {
            // Editing paused (editor.db damaged or unreadable): no claim can be backed, so none is shown
            // as a review; a restart after the fix loads them again.
            records = revisions.Paused ? new Dictionary<string, ReviewRecord>() : From(revisions.SignOffs(), clock.TimeZone);
        }
        catch (Exception ex) when (ex is DbException or IOException or InvalidOperationException)
        {
            // The records read before stay (a database that does not answer for a moment does not
            // take the reviews off the pages); with none, no article is shown as reviewed.
            logger.LogError(ex, "The sign-offs in the editor's history could not be read; {Kept} until the next content change or restart",
                previous is null ? "no article is shown as reviewed" : "the records read before are kept");
            records = previous?.Records ?? new Dictionary<string, ReviewRecord>();
        }

        var loaded = new Loaded(version, records);
        Volatile.Write(ref _loaded, loaded);
        return loaded;
    }

    /// <summary>The records made of sign-offs, oldest first (also used by <c>check-content</c>).</summary>
    public static IReadOnlyDictionary<string, ReviewRecord> From(IEnumerable<SignOffRow> rows, TimeZoneInfo timeZone)
    {
        var records = new Dictionary<string, ReviewRecord>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            Apply(records, row, timeZone);
        }

        return records;
    }

    /// <summary>The records in an <c>editor.db</c> opened read-only, for <c>check-content</c>; null when there
    /// is no such file.</summary>
    public static IReadOnlyDictionary<string, ReviewRecord>? ReadFile(string databasePath, TimeZoneInfo timeZone)
    {
        if (!File.Exists(databasePath))
        {
            return null;
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        return From(RevisionStore.ReadSignOffs(connection), timeZone);
    }

    /// <summary>The records as read for one content version.</summary>
    private sealed record Loaded(long Version, IReadOnlyDictionary<string, ReviewRecord> Records);

    private static void Apply(Dictionary<string, ReviewRecord> records, SignOffRow row, TimeZoneInfo timeZone)
    {
        var frontMatter = DocumentText.ReadFrontMatter(DocumentText.Split(row.FrontMatterText).Yaml, out _);
        if (ReviewClaim.Of(frontMatter) is not { } claim)
        {
            // Nothing a page could show (a sign-off written before review claims were required): skip it.
            return;
        }

        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(row.Signed, timeZone).DateTime);
        var previous = records.GetValueOrDefault(row.Path);
        // A minor change keeps the claim of the review before it and dates itself; a full review starts afresh.
        records[row.Path] = row.Minor && previous is not null && previous.Claim == claim
            ? new ReviewRecord(claim, day)
            : new ReviewRecord(claim, null);
    }
}
