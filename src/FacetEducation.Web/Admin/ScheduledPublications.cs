using System.Data.Common;
using System.Globalization;
using FacetEducation.Web.Data;

namespace FacetEducation.Web.Admin;

/// <summary>How a scheduled publication ended (or that it has not yet).</summary>
public enum ScheduleState
{
    Scheduled,
    Published,
    Cancelled,

    /// <summary>A later sign-off of the same article took its place.</summary>
    Replaced,

    /// <summary>It could not go live (the reason is in <see cref="ScheduledPublication.Note"/>).</summary>
    Failed,
}

/// <summary>
/// A sign-off waiting for its moment: revision <see cref="Revision"/> of the condition article at
/// <see cref="Path"/>, signed off by <see cref="ReviewerName"/> at <see cref="Scheduled"/>, goes live at
/// <see cref="GoLive"/> as <see cref="Text"/> (the version with the review the sign-off stamped on it).
/// <see cref="LiveRevision"/> is the live version it replaces; <see cref="AfterRevision"/> the newest
/// revision of the article when it was signed, so the sign-off it becomes can be told from earlier ones.
/// </summary>
public sealed record ScheduledPublication(
    long Id,
    string Path,
    long Revision,
    long? LiveRevision,
    long AfterRevision,
    SignOffKind Kind,
    bool Minor,
    bool Draft,
    string Text,
    string Summary,
    DateTimeOffset GoLive,
    string Reviewer,
    string ReviewerName,
    string? ReviewerRegistration,
    DateTimeOffset Scheduled,
    ScheduleState State,
    string? Note,
    DateTimeOffset? Ended = null)
{
    /// <summary>The reviewer as the sign-off's revision names them when it goes live.</summary>
    public EditorAccount ReviewerAccount => new()
    {
        UserName = Reviewer,
        DisplayName = ReviewerName,
        Registration = ReviewerRegistration,
        Role = EditorRoles.Reviewer,
    };
}

/// <summary>
/// The editor's scheduled publications, in <c>editor.db</c> (table <c>scheduled_publications</c>).
/// <see cref="EditorDocuments"/> adds and ends them under the content write lock;
/// <see cref="ScheduledPublisher"/> waits for the next one to come due, and is woken by every change
/// here, so a schedule added or cancelled moves its wait at once.
/// </summary>
public sealed class ScheduledPublications(IEditorDatabase database, TimeProvider time)
{
    private const string Columns = """
        id, path, revision, live_revision, after_revision, sign_off_kind, minor, draft, text, summary, go_live_utc,
        reviewer, reviewer_name, reviewer_registration, scheduled_utc, state, note, ended_utc
        """;

    private readonly SemaphoreSlim _changed = new(0, 1);

    /// <summary>Editing is paused (the database could not be opened at start-up): nothing is scheduled or published.</summary>
    public bool Paused => database.Problem is not null;

    /// <summary>Keeps <paramref name="schedule"/> (its id and state are ignored), replacing the article's open
    /// schedule if it has one (ended as <see cref="ScheduleState.Replaced"/>, in the same transaction).</summary>
    public async Task<ScheduledPublication> AddAsync(ScheduledPublication schedule, string endedBy)
    {
        await using var connection = database.Open();
        await using var transaction = await connection.BeginTransactionAsync();
        await EndOpenAsync(connection, transaction, schedule.Path, ScheduleState.Replaced, endedBy, "A later sign-off of the article took its place.");
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO scheduled_publications (path, revision, live_revision, after_revision, sign_off_kind, minor, draft, text, summary,
                go_live_utc, reviewer, reviewer_name, reviewer_registration, scheduled_utc, state)
            VALUES (@path, @revision, @live, @after, @kind, @minor, @draft, @text, @summary, @goLive, @reviewer, @reviewerName, @registration, @scheduled, 'Scheduled')
            RETURNING id
            """;
        Sql.Set(command, "@path", schedule.Path);
        Sql.Set(command, "@revision", schedule.Revision);
        Sql.Set(command, "@live", schedule.LiveRevision);
        Sql.Set(command, "@after", schedule.AfterRevision);
        Sql.Set(command, "@kind", schedule.Kind.ToString());
        Sql.Set(command, "@minor", schedule.Minor ? 1 : 0);
        Sql.Set(command, "@draft", schedule.Draft ? 1 : 0);
        Sql.Set(command, "@text", schedule.Text);
        Sql.Set(command, "@summary", schedule.Summary);
        Sql.Set(command, "@goLive", Stamp(schedule.GoLive));
        Sql.Set(command, "@reviewer", schedule.Reviewer);
        Sql.Set(command, "@reviewerName", schedule.ReviewerName);
        Sql.Set(command, "@registration", schedule.ReviewerRegistration);
        Sql.Set(command, "@scheduled", Stamp(schedule.Scheduled));
        var id = (long)(await command.ExecuteScalarAsync())!;
        await transaction.CommitAsync();
        Changed();
        return schedule with { Id = id, State = ScheduleState.Scheduled, Note = null };
    }

    /// <summary>The article's open schedule, if it has one.</summary>
    public async Task<ScheduledPublication?> OpenForAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM scheduled_publications WHERE path = @path AND state = 'Scheduled'";
        Sql.Set(command, "@path", path);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Every open schedule, soonest first.</summary>
    public async Task<IReadOnlyList<ScheduledPublication>> ListOpenAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM scheduled_publications WHERE state = 'Scheduled' ORDER BY go_live_utc, id";
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>The newest schedule of the article that could not go live, if it ended after <paramref name="since"/>.</summary>
    public async Task<ScheduledPublication?> LastFailedAsync(string path, DateTimeOffset since)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM scheduled_publications WHERE path = @path AND state = 'Failed' AND ended_utc >= @since ORDER BY id DESC LIMIT 1";
        Sql.Set(command, "@path", path);
        Sql.Set(command, "@since", Stamp(since));
        return (await ReadAsync(command)).SingleOrDefault();
    }

    /// <summary>For each article whose newest schedule could not go live: that schedule (the dashboard shows
    /// it until a later sign-off has dealt with it).</summary>
    public async Task<IReadOnlyList<ScheduledPublication>> ListLatestFailedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM scheduled_publications WHERE id IN (SELECT MAX(id) FROM scheduled_publications GROUP BY path) AND state = 'Failed'";
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>Ends schedule <paramref name="id"/> if it is still open; false when it had ended already
    /// (gone live, cancelled elsewhere), which is how a schedule goes live once however many look.</summary>
    public async Task<bool> EndAsync(long id, ScheduleState state, string endedBy, string? note = null, long? publishedRevision = null)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE scheduled_publications SET state = @state, ended_utc = @ended, ended_by = @by, note = @note, published_revision = @published
            WHERE id = @id AND state = 'Scheduled'
            """;
        Sql.Set(command, "@id", id);
        Sql.Set(command, "@state", state.ToString());
        Sql.Set(command, "@ended", Stamp(time.GetUtcNow()));
        Sql.Set(command, "@by", endedBy);
        Sql.Set(command, "@note", note);
        Sql.Set(command, "@published", publishedRevision);
        var ended = await command.ExecuteNonQueryAsync() == 1;
        Changed();
        return ended;
    }

    /// <summary>Ends the article's open schedule, if any, as <paramref name="state"/> (a sign-off that takes its place).</summary>
    public async Task EndOpenAsync(string path, ScheduleState state, string endedBy, string note)
    {
        await using var connection = database.Open();
        await using var transaction = await connection.BeginTransactionAsync();
        await EndOpenAsync(connection, transaction, path, state, endedBy, note);
        await transaction.CommitAsync();
        Changed();
    }

    /// <summary>Returns when a schedule was added or ended since the last call, or when <paramref name="cancellationToken"/> ends.</summary>
    public Task WaitForChangeAsync(CancellationToken cancellationToken) => _changed.WaitAsync(cancellationToken);

    private void Changed()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the next look sees every change.
        }
    }

    private async Task EndOpenAsync(DbConnection connection, DbTransaction transaction, string path, ScheduleState state, string endedBy, string note)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE scheduled_publications SET state = @state, ended_utc = @ended, ended_by = @by, note = @note
            WHERE path = @path AND state = 'Scheduled'
            """;
        Sql.Set(command, "@path", path);
        Sql.Set(command, "@state", state.ToString());
        Sql.Set(command, "@ended", Stamp(time.GetUtcNow()));
        Sql.Set(command, "@by", endedBy);
        Sql.Set(command, "@note", note);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>UTC in a fixed-width form, so that comparing the text compares the moments.</summary>
    private static string Stamp(DateTimeOffset when) => when.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static async Task<IReadOnlyList<ScheduledPublication>> ReadAsync(DbCommand command, CancellationToken cancellationToken = default)
    {
        var list = new List<ScheduledPublication>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new ScheduledPublication(
                Sql.Int64(reader, 0),
                reader.GetString(1),
                Sql.Int64(reader, 2),
                reader.IsDBNull(3) ? null : Sql.Int64(reader, 3),
                Sql.Int64(reader, 4),
                Enum.Parse<SignOffKind>(reader.GetString(5)),
                Sql.Int64(reader, 6) != 0,
                Sql.Int64(reader, 7) != 0,
                reader.GetString(8),
                reader.GetString(9),
                Parse(reader.GetString(10)),
                reader.GetString(11),
                reader.GetString(12),
                reader.IsDBNull(13) ? null : reader.GetString(13),
                Parse(reader.GetString(14)),
                Enum.Parse<ScheduleState>(reader.GetString(15)),
                reader.IsDBNull(16) ? null : reader.GetString(16),
                reader.IsDBNull(17) ? null : Parse(reader.GetString(17))));
        }

        return list;
    }
}
