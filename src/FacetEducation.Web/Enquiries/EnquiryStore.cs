using System.Text.Json;
using FacetEducation.Web.Data;
using FacetEducation.Web.Site;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Enquiries;

/// <summary>An email waiting in the outbox: an enquiry's (<see cref="EnquiryId"/>) or the editor's (null).
/// <see cref="CreatedAt"/> is when the enquiry came in, or when the editor's email was queued.</summary>
internal sealed record OutboxMessage(long Id, string? EnquiryId, MessageKind Kind, string MessageId, int Attempts, DateTimeOffset CreatedAt, byte[] Mime)
{
    /// <summary>How the log names it: the enquiry id, or the outbox id of an editor's email (never an address).</summary>
    public string Label => EnquiryId is null ? $"Editor email {Id}" : $"Enquiry {EnquiryId}";
}

/// <summary>An email that could not be delivered, for the clinician's list: an enquiry's, or (with
/// <see cref="EnquiryId"/> null) an email to a clinician, which <see cref="About"/> describes.</summary>
public sealed record FailedEmail(long Id, string? EnquiryId, MessageKind Kind, int Attempts, DateTimeOffset ReceivedAt, DateTimeOffset? LastAttemptAt, string? LastError, bool Urgent, string? About = null);

/// <summary>One finished email for the outbox.</summary>
internal sealed record StoredEmail(string MessageId, byte[] Mime);

/// <summary>
/// A valid enquiry ready to store: the acknowledgement, the clinic's notification for each way the
/// acknowledgement decision can go (it is made in the store, under the write lock), and the key that
/// makes a resend of the same submission a replay.
/// </summary>
internal sealed record NewEnquiry(
    string Id,
    Enquiry Enquiry,
    DateTimeOffset Received,
    string? SubmissionKey,
    string RequestHash,
    StoredEmail Acknowledgement,
    IReadOnlyDictionary<AcknowledgementDecision, StoredEmail> Notifications);

/// <summary>What storing did: a new enquiry, a replay of one already stored, or a key already used for a different one.</summary>
public enum StoreResult
{
    Stored,
    Replayed,
    KeyReused,
}

/// <summary>The outcome of an insert: for a replay, the id and urgency of the enquiry first stored.</summary>
internal sealed record StoreOutcome(StoreResult Result, string Id, bool Urgent, AcknowledgementDecision Acknowledgement);

/// <summary>Where the two emails of one enquiry are: <c>pending</c>, <c>sent</c> or <c>failed</c>.</summary>
public sealed record EnquiryStatus(string Id, DateTimeOffset ReceivedAt, string Notification, string Acknowledgement);

/// <summary>
/// The SQLite outbox (WAL). One row per enquiry and one row per email, so that a crash after the
/// first email is sent does not send it again. Each email is stored as the finished MIME message,
/// so a retry sends exactly the bytes (and <c>Message-Id</c>) of the first attempt. Writes are
/// serialised in-process: SQLite allows one writer, and waiting here is cheaper than its busy loop.
/// The acknowledgement caps are counted from the outbox itself, inside the insert's transaction, so
/// they hold across restarts, for concurrent posts and for several processes on one file.
/// A file that cannot be opened at start-up (damaged, not a database, an unwritable folder) pauses
/// enquiries (<see cref="Problem"/>) instead of stopping the site.
/// </summary>
internal sealed class EnquiryStore : IDataStore, IDisposable
{
    private const string Pending = "pending";
    private const string Sent = "sent";
    private const string Failed = "failed";

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentQueue<PendingInsert> _inserts = new();
    private readonly string _connectionString;
    private readonly IOptions<EnquiryOptions> _options;
    private readonly string _databasePath;
    private volatile string? _writeFailure;
    private DataFolderLock? _folderLock;

    public EnquiryStore(EnquiryPaths paths, IOptions<EnquiryOptions> options, ILogger<EnquiryStore> logger)
    {
        Folder = paths.Data;
        _databasePath = paths.Database;
        _options = options;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = paths.Database,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
        }.ToString();
        Problem = DataStores.TryOpen(paths.Database, "enquiries", CreateTables, logger);
    }

    public string Folder { get; }

    /// <summary>Why the last insert failed (disk full, file deleted, damaged), or null once one succeeds.</summary>
    public string? WriteFailure => _writeFailure;

    /// <summary>Why enquiries are paused (set at start-up, until a restart), or null when the store works.</summary>
    public StoreProblem? Problem { get; }

    /// <summary>Holds the data folder against a restore, then brings the file to the latest schema (WAL mode).</summary>
    private void CreateTables() => _folderLock = DataStores.OpenSqliteFile(Folder, () => Open(), DatabaseSchema.Enquiries);

    /// <summary>
    /// Stores the enquiry and its emails in one transaction: all of it, or nothing, on disk before
    /// this returns. Concurrent callers share a transaction (group commit): whoever holds the write
    /// lock commits everything queued so far with one sync to disk, so sixteen visitors sending at
    /// once wait for one or two disk syncs rather than sixteen in a row. A submission key already
    /// stored is not stored again: the outcome names the enquiry that has it.
    /// </summary>
    public async Task<StoreOutcome> InsertAsync(NewEnquiry enquiry)
    {
        var pending = new PendingInsert(enquiry, JsonSerializer.Serialize(enquiry.Enquiry));
        _inserts.Enqueue(pending);
        await _writeGate.WaitAsync();
        try
        {
            if (!pending.Stored.Task.IsCompleted)
            {
                List<PendingInsert> batch = [];
                while (_inserts.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                try
                {
                    var outcomes = WriteInserts(batch);
                    _writeFailure = null;
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Stored.TrySetResult(outcomes[i]);
                    }
                }
                catch (Exception ex)
                {
                    if (DataStores.IsStorageFailure(ex))
                    {
                        _writeFailure = DataStores.Reason(ex);
                    }

                    batch.ForEach(p => p.Stored.TrySetException(ex));
                }
            }
        }
        finally
        {
            _writeGate.Release();
        }

        return await pending.Stored.Task;
    }

    private List<StoreOutcome> WriteInserts(List<PendingInsert> batch)
    {
        // SQLite would write on into a file deleted under it (a `git clean`, an operator's rm) and
        // lose every enquiry at the next start, so a vanished file is a storage failure: a 503 that
        // gives the visitor their words back, and /healthz Unhealthy.
        if (!File.Exists(_databasePath))
        {
            throw new FileNotFoundException($"{Path.GetFileName(_databasePath)} is missing from {Folder}: restart the site to create it again", _databasePath);
        }

        using var connection = Open(durable: true);
        using var transaction = connection.BeginTransaction();
        using var existing = connection.CreateCommand();
        existing.CommandText = "SELECT id, urgent, request_hash FROM enquiries WHERE submission_key = $key";
        var existingKey = existing.Parameters.Add("$key", SqliteType.Text);
        using var enquiryCommand = connection.CreateCommand();
        enquiryCommand.CommandText = """
            INSERT INTO enquiries (id, created_at, urgent, payload, submission_key, request_hash)
            VALUES ($id, $created, $urgent, $payload, $key, $hash)
            """;
        var id = enquiryCommand.Parameters.Add("$id", SqliteType.Text);
        var created = enquiryCommand.Parameters.Add("$created", SqliteType.Integer);
        var urgent = enquiryCommand.Parameters.Add("$urgent", SqliteType.Integer);
        var payload = enquiryCommand.Parameters.Add("$payload", SqliteType.Text);
        var key = enquiryCommand.Parameters.Add("$key", SqliteType.Text);
        var hash = enquiryCommand.Parameters.Add("$hash", SqliteType.Text);
        using var outboxCommand = connection.CreateCommand();
        outboxCommand.CommandText = """
            INSERT INTO outbox (enquiry_id, kind, message_id, status, next_attempt_at, mime, recipient, queued_at)
            VALUES ($enquiry, $kind, $messageId, 'pending', $next, $mime, $recipient, $queued)
            """;
        var enquiry = outboxCommand.Parameters.Add("$enquiry", SqliteType.Text);
        var kind = outboxCommand.Parameters.Add("$kind", SqliteType.Text);
        var messageId = outboxCommand.Parameters.Add("$messageId", SqliteType.Text);
        var next = outboxCommand.Parameters.Add("$next", SqliteType.Integer);
        var mime = outboxCommand.Parameters.Add("$mime", SqliteType.Blob);
        var recipient = outboxCommand.Parameters.Add("$recipient", SqliteType.Text);
        var queued = outboxCommand.Parameters.Add("$queued", SqliteType.Integer);
        using var caps = new AcknowledgementCaps(connection, _options.Value);

        List<StoreOutcome> outcomes = new(batch.Count);
        foreach (var insert in batch)
        {
            var item = insert.Enquiry;
            var requestHash = item.RequestHash;
            if (item.SubmissionKey is { } submission)
            {
                existingKey.Value = submission;
                using var reader = existing.ExecuteReader();
                if (reader.Read())
                {
                    var same = string.Equals(reader.GetString(2), requestHash, StringComparison.Ordinal);
                    outcomes.Add(new StoreOutcome(same ? StoreResult.Replayed : StoreResult.KeyReused, reader.GetString(0), reader.GetInt64(1) != 0, AcknowledgementDecision.Queued));
                    continue;
                }
            }

            var received = item.Received.ToUnixTimeMilliseconds();
            var to = EmailAddresses.Key(item.Enquiry.Email);
            var decision = caps.Decide(to, item.Received);
            id.Value = item.Id;
            created.Value = received;
            urgent.Value = item.Enquiry.IsUrgent ? 1 : 0;
            payload.Value = insert.Payload;
            key.Value = (object?)item.SubmissionKey ?? DBNull.Value;
            hash.Value = requestHash;
            enquiryCommand.ExecuteNonQuery();

            void Add(MessageKind messageKind, StoredEmail email, string? acknowledged)
            {
                enquiry.Value = item.Id;
                kind.Value = messageKind.ToString();
                messageId.Value = email.MessageId;
                next.Value = received;
                mime.Value = email.Mime;
                recipient.Value = (object?)acknowledged ?? DBNull.Value;
                queued.Value = acknowledged is null ? DBNull.Value : received;
                outboxCommand.ExecuteNonQuery();
            }

            Add(MessageKind.Notification, item.Notifications[decision], null);
            if (decision == AcknowledgementDecision.Queued)
            {
                Add(MessageKind.Acknowledgement, item.Acknowledgement, to);
            }

            outcomes.Add(new StoreOutcome(StoreResult.Stored, item.Id, item.Enquiry.IsUrgent, decision));
        }

        transaction.Commit();
        return outcomes;
    }

    /// <summary>
    /// Counts acknowledgements already queued, in the insert's own transaction (so earlier inserts
    /// of the same batch count too). Each count reads at most the cap's number of index entries: the
    /// window never holds more than the cap.
    /// </summary>
    private sealed class AcknowledgementCaps : IDisposable
    {
        private readonly SqliteCommand _perAddress;
        private readonly SqliteCommand _perHour;
        private readonly EnquiryOptions _options;

        public AcknowledgementCaps(SqliteConnection connection, EnquiryOptions options)
        {
            _options = options;
            _perAddress = connection.CreateCommand();
            _perAddress.CommandText = "SELECT COUNT(*) FROM outbox WHERE recipient = $recipient AND queued_at > $since";
            _perHour = connection.CreateCommand();
            _perHour.CommandText = "SELECT COUNT(*) FROM outbox WHERE recipient IS NOT NULL AND queued_at > $since";
        }

        public AcknowledgementDecision Decide(string recipient, DateTimeOffset now)
        {
            _perAddress.Parameters.Clear();
            _perAddress.Parameters.AddWithValue("$recipient", recipient);
            _perAddress.Parameters.AddWithValue("$since", (now - TimeSpan.FromDays(1)).ToUnixTimeMilliseconds());
            if ((long)_perAddress.ExecuteScalar()! >= _options.AcknowledgementsPerAddressPerDay)
            {
                return AcknowledgementDecision.AddressLimit;
            }

            _perHour.Parameters.Clear();
            _perHour.Parameters.AddWithValue("$since", (now - TimeSpan.FromHours(1)).ToUnixTimeMilliseconds());
            return (long)_perHour.ExecuteScalar()! >= _options.AcknowledgementsPerHour
                ? AcknowledgementDecision.HourlyLimit
                : AcknowledgementDecision.Queued;
        }

        public void Dispose()
        {
            _perAddress.Dispose();
            _perHour.Dispose();
        }
    }

    public List<OutboxMessage> Due(DateTimeOffset now, int limit)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT o.id, o.enquiry_id, o.kind, o.message_id, o.attempts, COALESCE(e.created_at, o.queued_at), o.mime
            FROM outbox o LEFT JOIN enquiries e ON e.id = o.enquiry_id
            WHERE o.status = 'pending' AND o.next_attempt_at <= $now
            ORDER BY o.next_attempt_at, o.id
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        List<OutboxMessage> due = [];
        while (reader.Read())
        {
            due.Add(new OutboxMessage(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), Enum.Parse<MessageKind>(reader.GetString(2)),
                reader.GetString(3), reader.GetInt32(4), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)), (byte[])reader[6]));
        }

        return due;
    }

    /// <summary>When the next pending email is due, or null when nothing is pending.</summary>
    public DateTimeOffset? NextDue()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending'";
        return command.ExecuteScalar() is long next ? DateTimeOffset.FromUnixTimeMilliseconds(next) : null;
    }

    public Task MarkSentAsync(long id, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync([id], "UPDATE outbox SET status = 'sent', attempts = attempts + 1, last_attempt_at = $now, sent_at = $now, last_error = NULL, server_down = 0 WHERE id = $id",
            now, null, null, cancellationToken);

    /// <summary>Schedules another attempt for each email, in one transaction. <paramref name="serverDown"/>:
    /// the server could not be reached, so the email may go as soon as it is back (see <see cref="ReleaseWaitingForServerAsync"/>).</summary>
    public Task MarkRetryAsync(IReadOnlyList<(long Id, DateTimeOffset Next)> retries, DateTimeOffset now, string error, bool serverDown, CancellationToken cancellationToken) =>
        UpdateAsync([.. retries.Select(r => r.Id)], $"UPDATE outbox SET attempts = attempts + 1, last_attempt_at = $now, next_attempt_at = $next, last_error = $error, server_down = {(serverDown ? 1 : 0)} WHERE id = $id AND status = 'pending'",
            now, [.. retries.Select(r => r.Next)], error, cancellationToken);

    public Task MarkFailedAsync(long id, DateTimeOffset now, string error, CancellationToken cancellationToken) =>
        UpdateAsync([id], "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_attempt_at = $now, last_error = $error, server_down = 0 WHERE id = $id",
            now, null, error, cancellationToken);

    /// <summary>
    /// The server is answering again: emails that were only waiting for it become due now, instead
    /// of at the end of their backoff. Emails refused with a 4xx keep their own schedule.
    /// </summary>
    public async Task<int> ReleaseWaitingForServerAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var connection = Open(durable: false);
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE outbox SET next_attempt_at = $now, server_down = 0 WHERE status = 'pending' AND server_down = 1 AND next_attempt_at > $now";
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            return command.ExecuteNonQuery();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public List<FailedEmail> ListFailed()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT o.id, o.enquiry_id, o.kind, o.attempts, COALESCE(e.created_at, o.queued_at), o.last_attempt_at, o.last_error, COALESCE(e.urgent, 0), o.about
            FROM outbox o LEFT JOIN enquiries e ON e.id = o.enquiry_id
            WHERE o.status = 'failed'
            ORDER BY COALESCE(e.created_at, o.queued_at) DESC, o.id
            """;
        using var reader = command.ExecuteReader();
        List<FailedEmail> failed = [];
        while (reader.Read())
        {
            failed.Add(new FailedEmail(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), Enum.Parse<MessageKind>(reader.GetString(2)), reader.GetInt32(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt64(7) != 0, reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return failed;
    }

    /// <summary>
    /// Queues an email of the editor's (no enquiry: outside the enquiry retention) under
    /// <paramref name="key"/>, durably. False when that key was queued before, sent or not: a
    /// reminder goes once, however often it is asked for.
    /// </summary>
    public async Task<bool> InsertEditorMailAsync(string key, MessageKind kind, StoredEmail email, string about, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var connection = Open(durable: true);
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO outbox (editor_key, kind, message_id, status, next_attempt_at, mime, queued_at, about)
                VALUES ($key, $kind, $messageId, 'pending', $now, $mime, $now, $about)
                ON CONFLICT (editor_key) DO NOTHING
                """;
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$kind", kind.ToString());
            command.Parameters.AddWithValue("$messageId", email.MessageId);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$mime", email.Mime);
            command.Parameters.AddWithValue("$about", about);
            return command.ExecuteNonQuery() == 1;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Puts a failed email back in the queue, due now. False when there is no such failed email.</summary>
    public async Task<bool> RetryAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $now, server_down = 0 WHERE id = $id AND status = 'failed'";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            return command.ExecuteNonQuery() == 1;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public EnquiryStatus? Status(string id)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT e.created_at,
                   (SELECT status FROM outbox WHERE enquiry_id = e.id AND kind = 'Notification'),
                   (SELECT status FROM outbox WHERE enquiry_id = e.id AND kind = 'Acknowledgement')
            FROM enquiries e WHERE e.id = $id
            """;
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new EnquiryStatus(id, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
                reader.IsDBNull(1) ? "none" : reader.GetString(1), reader.IsDBNull(2) ? "none" : reader.GetString(2))
            : null;
    }

    /// <summary>Deletes enquiries received before the cutoff, and their emails. Returns the ids deleted.</summary>
    public async Task<List<string>> DeleteReceivedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM enquiries WHERE created_at < $cutoff RETURNING id";
            command.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
            using var reader = command.ExecuteReader();
            List<string> ids = [];
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>How many enquiries are stored (for tests and health).</summary>
    public int CountEnquiries()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM enquiries";
        return (int)(long)command.ExecuteScalar()!;
    }

    /// <summary>Counts of emails by status (for tests, health and the benchmark).</summary>
    public Dictionary<string, int> CountByStatus()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, COUNT(*) FROM outbox GROUP BY status";
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { [Pending] = 0, [Sent] = 0, [Failed] = 0 };
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return counts;
    }

    public void Dispose()
    {
        // Release pooled handles on the file, so that a restarted host (or a test) starts clean.
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _writeGate.Dispose();
        _folderLock?.Dispose();
    }

    /// <summary>Bookkeeping after a send, one transaction for all ids. Not synced to disk on every commit:
    /// losing it in a power cut means a resend with the same Message-Id, never a lost enquiry.</summary>
    private async Task UpdateAsync(long[] ids, string sql, DateTimeOffset now, DateTimeOffset[]? next, string? error, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var connection = Open(durable: false);
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var id = command.Parameters.Add("$id", SqliteType.Integer);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            var due = next is null ? null : command.Parameters.Add("$next", SqliteType.Integer);
            if (error is not null)
            {
                command.Parameters.AddWithValue("$error", error);
            }

            for (var i = 0; i < ids.Length; i++)
            {
                id.Value = ids[i];
                if (due is not null)
                {
                    due.Value = next![i].ToUnixTimeMilliseconds();
                }

                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Opens a pooled connection. <paramref name="durable"/>: synchronous = FULL, so a commit is on
    /// disk before the visitor is told it was received, even after a power cut; otherwise NORMAL
    /// (in WAL mode still safe against a crash of the process, synced at checkpoints).
    /// </summary>
    private SqliteConnection Open(bool durable = false)
    {
        if (Problem is not null)
        {
            throw new InvalidOperationException(Problem.Describe());
        }

        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = durable ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;";
        command.ExecuteNonQuery();
        return connection;
    }

    private sealed record PendingInsert(NewEnquiry Enquiry, string Payload)
    {
        public TaskCompletionSource<StoreOutcome> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
