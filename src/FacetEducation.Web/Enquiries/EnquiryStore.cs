using System.Data;
using System.Globalization;
using System.Text.Json;
using FacetEducation.Web.Data;
using Microsoft.Extensions.Options;
using static FacetEducation.Web.Data.Sql;

namespace FacetEducation.Web.Enquiries;

/// <summary>
/// The outbox and the enquiries it serves, in <see cref="EnquiryDatabase"/>. One row per enquiry
/// and one row per email, so that a crash after the first email is sent does not send it again.
/// Each email is stored as the finished MIME message, so a retry sends exactly the bytes (and
/// <c>Message-Id</c>) of the first attempt. The SQL is the same on SQLite and PostgreSQL
/// (<see cref="IEnquiryDatabase"/>). Writes are serialised in-process: SQLite allows one
/// writer, and waiting here is cheaper than its busy loop. The acknowledgement caps are counted from
/// the outbox itself, inside the insert's transaction, so they hold across restarts, for concurrent
/// posts and for several processes on one file.
/// </summary>
internal sealed class EnquiryStore(IEnquiryDatabase database, IOptions<EnquiryOptions> options) : IDataStore, IDisposable
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentQueue<PendingInsert> _inserts = new();
    private volatile string? _writeFailure;

    public string Folder => database.Folder;

    /// <summary>Why the last insert failed (disk full, file deleted, damaged), or null once one succeeds.</summary>
    public string? WriteFailure => _writeFailure;

    /// <inheritdoc cref="EnquiryDatabase.Problem"/>
    public StoreProblem? Problem => database.Problem;

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
        if (database.FilePath is { } file && !File.Exists(file))
        {
            throw new FileNotFoundException($"{Path.GetFileName(file)} is missing from {Folder}: restart the site to create it again", file);
        }

        using var connection = database.Open(durable: true);
        using var transaction = connection.BeginTransaction();
        database.TakeInsertTurn(connection);
        using var existing = connection.CreateCommand();
        existing.CommandText = "SELECT id, urgent, request_hash FROM enquiries WHERE submission_key = @key";
        var existingKey = Parameter(existing, "@key", DbType.String);
        using var enquiryCommand = connection.CreateCommand();
        enquiryCommand.CommandText = """
            INSERT INTO enquiries (id, created_at, urgent, payload, submission_key, request_hash)
            VALUES (@id, @created, @urgent, @payload, @key, @hash)
            """;
        var id = Parameter(enquiryCommand, "@id", DbType.String);
        var created = Parameter(enquiryCommand, "@created", DbType.Int64);
        var urgent = Parameter(enquiryCommand, "@urgent", DbType.Int64);
        var payload = Parameter(enquiryCommand, "@payload", DbType.String);
        var key = Parameter(enquiryCommand, "@key", DbType.String);
        var hash = Parameter(enquiryCommand, "@hash", DbType.String);
        using var outboxCommand = connection.CreateCommand();
        outboxCommand.CommandText = """
            INSERT INTO outbox (enquiry_id, kind, message_id, status, next_attempt_at, mime, recipient, queued_at)
            VALUES (@enquiry, @kind, @messageId, @pending, @next, @mime, @recipient, @queued)
            """;
        var enquiry = Parameter(outboxCommand, "@enquiry", DbType.String);
        var kind = Parameter(outboxCommand, "@kind", DbType.String);
        var messageId = Parameter(outboxCommand, "@messageId", DbType.String);
        var next = Parameter(outboxCommand, "@next", DbType.Int64);
        var mime = Parameter(outboxCommand, "@mime", DbType.Binary);
        var recipient = Parameter(outboxCommand, "@recipient", DbType.String);
        var queued = Parameter(outboxCommand, "@queued", DbType.Int64);
        Set(outboxCommand, "@pending", OutboxStatus.Pending.ToStored());
        using var caps = new AcknowledgementCaps(connection, options.Value);

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
                    outcomes.Add(new StoreOutcome(same ? StoreResult.Replayed : StoreResult.KeyReused, reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture) != 0, AcknowledgementDecision.Queued));
                    continue;
                }
            }

            var received = item.Received.ToUnixTimeMilliseconds();
            var to = EmailAddresses.Key(item.Enquiry.Email);
            var decision = caps.Decide(to, item.Received);
            id.Value = item.Id;
            created.Value = received;
            urgent.Value = item.Enquiry.IsUrgent ? 1L : 0L;
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

    /// <summary>The emails due now, oldest first; where several senders share the outbox, claimed for this one (<see cref="Data.Postgres.OutboxClaims"/>).</summary>
    public List<OutboxMessage> Due(DateTimeOffset now, int limit)
    {
        using var connection = database.Open();
        if (database.Sender is { } sender)
        {
            return Data.Postgres.OutboxClaims.Claim((Npgsql.NpgsqlConnection)connection, sender, now, options.Value.ClaimLease, limit);
        }

        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT o.id, o.enquiry_id, o.kind, o.message_id, o.attempts, COALESCE(e.created_at, o.queued_at), o.mime
            FROM outbox o LEFT JOIN enquiries e ON e.id = o.enquiry_id
            WHERE o.status = @pending AND o.next_attempt_at <= @now
            ORDER BY o.next_attempt_at, o.id
            LIMIT @limit
            """;
        Set(command, "@now", now.ToUnixTimeMilliseconds());
        Set(command, "@limit", limit);
        Set(command, "@pending", OutboxStatus.Pending.ToStored());
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
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        // Where senders share the outbox, an email another holds is not due before its claim runs
        // out: counting it due now would have this sender look again at once, and again, for as long
        // as the other takes to send it.
        command.CommandText = database.Sender is null
            ? "SELECT MIN(next_attempt_at) FROM outbox WHERE status = @pending"
            : "SELECT MIN(GREATEST(next_attempt_at, COALESCE(claimed_until, 0))) FROM outbox WHERE status = @pending";
        Set(command, "@pending", OutboxStatus.Pending.ToStored());
        return command.ExecuteScalar() is long next ? DateTimeOffset.FromUnixTimeMilliseconds(next) : null;
    }

    public Task MarkSentAsync(long id, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync([id], OutboxStatus.Sent, "UPDATE outbox SET status = @status, attempts = attempts + 1, last_attempt_at = @now, sent_at = @now, last_error = NULL, server_down = 0 WHERE id = @id",
            now, null, null, cancellationToken);

    /// <summary>Schedules another attempt for each email, in one transaction. <paramref name="serverDown"/>:
    /// the server could not be reached, so the email may go as soon as it is back (see <see cref="ReleaseWaitingForServerAsync"/>).</summary>
    public Task MarkRetryAsync(IReadOnlyList<(long Id, DateTimeOffset Next)> retries, DateTimeOffset now, string error, bool serverDown, CancellationToken cancellationToken) =>
        UpdateAsync([.. retries.Select(r => r.Id)], OutboxStatus.Pending, $"UPDATE outbox SET attempts = attempts + 1, last_attempt_at = @now, next_attempt_at = @next, last_error = @error, server_down = {(serverDown ? 1 : 0)} WHERE id = @id AND status = @status",
            now, [.. retries.Select(r => r.Next)], error, cancellationToken);

    public Task MarkFailedAsync(long id, DateTimeOffset now, string error, CancellationToken cancellationToken) =>
        UpdateAsync([id], OutboxStatus.Failed, "UPDATE outbox SET status = @status, attempts = attempts + 1, last_attempt_at = @now, last_error = @error, server_down = 0 WHERE id = @id",
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
            using var connection = database.Open(durable: false);
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE outbox SET next_attempt_at = @now, server_down = 0 WHERE status = @pending AND server_down = 1 AND next_attempt_at > @now";
            Set(command, "@now", now.ToUnixTimeMilliseconds());
            Set(command, "@pending", OutboxStatus.Pending.ToStored());
            return command.ExecuteNonQuery();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public List<FailedEmail> ListFailed()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT o.id, o.enquiry_id, o.kind, o.attempts, COALESCE(e.created_at, o.queued_at), o.last_attempt_at, o.last_error, COALESCE(e.urgent, 0), o.about
            FROM outbox o LEFT JOIN enquiries e ON e.id = o.enquiry_id
            WHERE o.status = @failed
            ORDER BY COALESCE(e.created_at, o.queued_at) DESC, o.id
            """;
        Set(command, "@failed", OutboxStatus.Failed.ToStored());
        using var reader = command.ExecuteReader();
        List<FailedEmail> failed = [];
        while (reader.Read())
        {
            failed.Add(new FailedEmail(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), Enum.Parse<MessageKind>(reader.GetString(2)), reader.GetInt32(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6), Convert.ToInt64(reader.GetValue(7), CultureInfo.InvariantCulture) != 0, reader.IsDBNull(8) ? null : reader.GetString(8)));
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
            using var connection = database.Open(durable: true);
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO outbox (editor_key, kind, message_id, status, next_attempt_at, mime, queued_at, about)
                VALUES (@key, @kind, @messageId, @pending, @now, @mime, @now, @about)
                ON CONFLICT (editor_key) DO NOTHING
                """;
            Set(command, "@key", key);
            Set(command, "@kind", kind.ToString());
            Set(command, "@messageId", email.MessageId);
            Set(command, "@now", now.ToUnixTimeMilliseconds());
            Set(command, "@mime", email.Mime);
            Set(command, "@about", about);
            Set(command, "@pending", OutboxStatus.Pending.ToStored());
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
            using var connection = database.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE outbox SET status = @pending, attempts = 0, next_attempt_at = @now, server_down = 0 WHERE id = @id AND status = @failed";
            Set(command, "@id", id);
            Set(command, "@now", now.ToUnixTimeMilliseconds());
            Set(command, "@pending", OutboxStatus.Pending.ToStored());
            Set(command, "@failed", OutboxStatus.Failed.ToStored());
            return command.ExecuteNonQuery() == 1;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public EnquiryStatus? Status(string id)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT e.created_at,
                   (SELECT status FROM outbox WHERE enquiry_id = e.id AND kind = 'Notification'),
                   (SELECT status FROM outbox WHERE enquiry_id = e.id AND kind = 'Acknowledgement')
            FROM enquiries e WHERE e.id = @id
            """;
        Set(command, "@id", id);
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
            using var connection = database.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM enquiries WHERE created_at < @cutoff RETURNING id";
            Set(command, "@cutoff", cutoff.ToUnixTimeMilliseconds());
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
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM enquiries";
        return (int)(long)command.ExecuteScalar()!;
    }

    /// <summary>Counts of emails by status, every status present (for tests, health and the benchmark).</summary>
    public Dictionary<OutboxStatus, int> CountByStatus()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, COUNT(*) FROM outbox GROUP BY status";
        using var reader = command.ExecuteReader();
        var counts = Enum.GetValues<OutboxStatus>().ToDictionary(s => s, _ => 0);
        while (reader.Read())
        {
            counts[OutboxStatusText.Parse(reader.GetString(0))] = (int)reader.GetInt64(1);
        }

        return counts;
    }

    public void Dispose() => _writeGate.Dispose();

    /// <summary>Bookkeeping after a send, one transaction for all ids: <paramref name="sql"/> with
    /// <paramref name="status"/> as <c>@status</c> (the status it sets, or the one it requires). Not
    /// synced to disk on every commit: losing it in a power cut means a resend with the same
    /// Message-Id, never a lost enquiry.</summary>
    private async Task UpdateAsync(long[] ids, OutboxStatus status, string sql, DateTimeOffset now, DateTimeOffset[]? next, string? error, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var connection = database.Open(durable: false);
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var id = Parameter(command, "@id", DbType.Int64);
            Set(command, "@now", now.ToUnixTimeMilliseconds());
            Set(command, "@status", status.ToStored());
            var due = next is null ? null : Parameter(command, "@next", DbType.Int64);
            if (error is not null)
            {
                Set(command, "@error", error);
            }

            for (var i = 0; i < ids.Length; i++)
            {
                id.Value = ids[i];
                if (due is not null)
                {
                    due.Value = next![i].ToUnixTimeMilliseconds();
                }

                command.ExecuteNonQuery();
                // The outcome is recorded: the email is no longer this sender's to hold.
                if (database.Sender is { } sender)
                {
                    Data.Postgres.OutboxClaims.Release((Npgsql.NpgsqlConnection)connection, ids[i], sender, (Npgsql.NpgsqlTransaction)transaction);
                }
            }

            transaction.Commit();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private sealed record PendingInsert(NewEnquiry Enquiry, string Payload)
    {
        public TaskCompletionSource<StoreOutcome> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
