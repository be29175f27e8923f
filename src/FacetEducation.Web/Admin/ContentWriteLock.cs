using FacetEducation.Web.Data;
using FacetEducation.Web.Data.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FacetEducation.Web.Admin;

/// <summary>
/// The one writer of <c>content/</c> and the editor's history: every save, sign-off, restore and
/// recorded hand edit takes this lock first (<see cref="EditorDocuments"/>). Within an instance it is
/// a semaphore. With <c>Data:Provider=Postgres</c> it is also a PostgreSQL advisory lock, held in a
/// transaction for as long as the change takes: nginx sends <c>/admin</c> to one instance and to a
/// second only when the first does not answer (docs/scaling.md), and an instance that nginx gave up
/// on may still be finishing a save, so the second waits for it instead of writing beside it. A
/// transaction-scoped lock ends with the transaction, or with the connection if the instance dies,
/// so a killed writer never leaves it held.
/// </summary>
public sealed class ContentWriteLock(IOptions<DataOptions> options, IServiceProvider services) : IDisposable
{
    /// <summary>The advisory lock's key: "Facet" and "edt" in ASCII (beside <see cref="ClinicDatabase.MigrationLockKey"/>).</summary>
    internal const long Key = 0x46_61_63_65_74_65_64_74;

    /// <summary>How long a change waits for another instance's before it fails (the editor is told to try again).</summary>
    internal TimeSpan WaitAtMost { get; set; } = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _local = new(1, 1);

    /// <summary>Waits for the lock; dispose what it returns to let it go.</summary>
    public async Task<Held> TakeAsync(CancellationToken cancellationToken = default)
    {
        await _local.WaitAsync(cancellationToken);
        if (options.Value.Provider != DataProvider.Postgres)
        {
            return new Held(this, null, null);
        }

        NpgsqlConnection? connection = null;
        try
        {
            connection = services.GetRequiredService<ClinicDatabase>().Open();
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                $"SET LOCAL lock_timeout = '{(int)WaitAtMost.TotalMilliseconds}ms'; SELECT pg_advisory_xact_lock(@key)", connection, transaction);
            command.Parameters.AddWithValue("key", Key);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new Held(this, connection, transaction);
        }
        catch (Exception ex)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            _local.Release();
            if (ex is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable })
            {
                throw new ContentWriteLockException($"another instance held the content write lock for longer than {WaitAtMost.TotalSeconds:0.#} s", ex);
            }

            if (ex is NpgsqlException or TimeoutException or StoreFileException)
            {
                throw new ContentWriteLockException("the shared database could not be used: " + ClinicDatabase.Reason(ex), ex);
            }

            throw;
        }
    }

    public void Dispose() => _local.Dispose();

    /// <summary>The lock while it is held: disposing it ends the transaction (and with it the advisory lock), then lets the next writer of this instance in.</summary>
    public sealed class Held : IAsyncDisposable
    {
        private readonly ContentWriteLock _owner;
        private readonly NpgsqlConnection? _connection;
        private readonly NpgsqlTransaction? _transaction;
        private int _released;

        internal Held(ContentWriteLock owner, NpgsqlConnection? connection, NpgsqlTransaction? transaction)
        {
            _owner = owner;
            _connection = connection;
            _transaction = transaction;
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1)
            {
                return;
            }

            try
            {
                if (_transaction is not null)
                {
                    try
                    {
                        // Nothing was written in it: ending it is what lets the advisory lock go.
                        await _transaction.RollbackAsync();
                    }
                    catch (NpgsqlException)
                    {
                        // The connection broke: the server ended the session, and the lock with it.
                    }

                    await _transaction.DisposeAsync();
                }

                if (_connection is not null)
                {
                    await _connection.DisposeAsync();
                }
            }
            finally
            {
                _owner._local.Release();
            }
        }
    }
}

/// <summary>
/// The content write lock could not be taken on PostgreSQL: the database did not answer, or another
/// instance's write held it for longer than the wait. Nothing was written; <c>/admin</c> answers
/// with the "editing is paused" page (<see cref="EditingPaused"/>), and the next try may work.
/// </summary>
public sealed class ContentWriteLockException(string message, Exception inner) : Exception(message, inner);
