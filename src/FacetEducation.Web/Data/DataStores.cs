using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Data;

/// <summary>What is wrong with a store's file in the data folder.</summary>
public enum StoreProblemKind
{
    /// <summary>The file is not a SQLite database, or is damaged.</summary>
    NotADatabase,

    /// <summary>The file or its folder cannot be created, opened or written (no such folder, read-only, full).</summary>
    Unwritable,

    /// <summary>The file's schema cannot be brought to this version: written by a newer version, or a migration failed.</summary>
    Schema,

    /// <summary>The restore command holds the data folder (see <see cref="Data.DataFolderLock"/>).</summary>
    Restoring,
}

/// <summary>A store's file that the site cannot use as it is, for a reason of its own (not the disk's); the message says what to do.</summary>
public sealed class StoreFileException(StoreProblemKind kind, string reason, Exception? inner = null) : Exception(reason, inner)
{
    public StoreProblemKind Kind { get; } = kind;
}

/// <summary>
/// Why a store could not be opened at start-up. The feature it serves (<see cref="Feature"/>:
/// enquiries, editing) is paused until the operator fixes the file and restarts; the public pages
/// go on.
/// </summary>
public sealed record StoreProblem(string File, string Folder, StoreProblemKind Kind, string Feature, string Reason)
{
    /// <summary>One line for the log and the health report: the file, what is wrong and what to do.</summary>
    public string Describe() => Kind switch
    {
        StoreProblemKind.NotADatabase => $"{File} in {Folder} is not a SQLite database ({Reason}): move it aside and restart; the site has paused {Feature}",
        StoreProblemKind.Schema => $"{File} in {Folder} cannot be used by this version of the site: {Reason}; the site has paused {Feature}",
        StoreProblemKind.Restoring => $"{File} in {Folder} is being restored ({Reason}): restart the site when the restore has finished; the site has paused {Feature}",
        _ => $"{File} in {Folder} cannot be opened for writing ({Reason}): make {Folder} a folder the site can write to, with free space, and restart; the site has paused {Feature}",
    };
}

/// <summary>A store that keeps its file in a data folder: its folder, and the problem that paused it at start-up, if any.</summary>
public interface IDataStore
{
    string Folder { get; }

    StoreProblem? Problem { get; }

    /// <summary>Why its last write failed, while it keeps failing (null: none, or not tracked).</summary>
    string? WriteFailure => null;
}

/// <summary>Opening the SQLite stores of the data folder, and telling a fault of the disk or file from a bug.</summary>
public static class DataStores
{
    // SQLite's primary result codes (https://sqlite.org/rescode.html).
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCannotOpen = 14;
    private const int SqliteNotADatabase = 26;

    /// <summary>
    /// Creates the folder of <paramref name="file"/> and runs <paramref name="open"/> (which opens the
    /// database and creates its tables). A fault of the disk or the file is logged with the file, what
    /// is wrong and what to do, and returned, so the site starts without this feature; anything else
    /// is a bug and is thrown.
    /// </summary>
    public static StoreProblem? TryOpen(string file, string feature, Action open, ILogger logger)
    {
        var folder = Path.GetDirectoryName(file)!;
        try
        {
            Directory.CreateDirectory(folder);
            open();
            return null;
        }
        catch (Exception ex) when (Classify(ex) is { } kind)
        {
            var problem = new StoreProblem(Path.GetFileName(file), folder, kind, feature, Reason(ex));
            logger.LogCritical("Paused {Feature}: {Problem}", problem.Feature, problem.Describe());
            return problem;
        }
    }

    /// <summary>
    /// What every SQLite store does when it opens its file at start-up (inside <see cref="TryOpen"/>):
    /// holds its data folder against a restore for as long as the store lives (the lock returned),
    /// puts the file in WAL mode (a setting of the file, not of the schema, and not allowed inside a
    /// migration's transaction) and brings it to the latest schema.
    /// </summary>
    public static DataFolderLock OpenSqliteFile(string folder, Func<SqliteConnection> open, DatabaseSchema schema)
    {
        var folderLock = DataFolderLock.TryTake(folder, exclusive: false)
            ?? throw new StoreFileException(StoreProblemKind.Restoring, "the restore command holds " + DataFolderLock.FileName);
        try
        {
            using var connection = open();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA journal_mode = WAL;";
                command.ExecuteNonQuery();
            }

            SchemaMigrations.Migrate(connection, schema);
            return folderLock;
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>True when <paramref name="exception"/> is the disk or the file failing (full, read-only,
    /// an I/O error, a damaged file), so the caller answers "try again later" rather than a 500. Any
    /// other SQLite error counts too: once the site runs, it means the write did not happen (a
    /// write-ahead log deleted under the site reads as "no such table"), and a 503 that gives the
    /// visitor their words back beats a 500; the error is still logged with its code. So does any
    /// error of the shared database's (a server that cannot be reached, a connection dropped).</summary>
    public static bool IsStorageFailure(Exception exception) => Classify(exception) is not null || exception is System.Data.Common.DbException;

    /// <summary>The reason without anything a visitor typed: SQLite's text for its code, or the I/O message (a path).</summary>
    public static string Reason(Exception exception) => exception switch
    {
        // A migration that failed because the disk did is the disk's problem, and is told as such.
        StoreFileException { InnerException: { } inner } when Classify(inner) is not null => Reason(inner),
        StoreFileException file => file.Message,
        SqliteException sqlite => SqliteErrorText(sqlite.SqliteErrorCode),
        _ => exception.Message,
    };

    private static StoreProblemKind? Classify(Exception exception) => exception switch
    {
        StoreFileException { InnerException: { } inner } when Classify(inner) is { } disk => disk,
        StoreFileException file => file.Kind,
        SqliteException { SqliteErrorCode: SqliteCorrupt or SqliteNotADatabase } => StoreProblemKind.NotADatabase,
        SqliteException { SqliteErrorCode: SqliteReadOnly or SqliteIoError or SqliteFull or SqliteCannotOpen } => StoreProblemKind.Unwritable,
        IOException or UnauthorizedAccessException => StoreProblemKind.Unwritable,
        _ => null,
    };

    private static string SqliteErrorText(int code) => code switch
    {
        SqliteReadOnly => "the database is read-only",
        SqliteIoError => "a disk I/O error",
        SqliteCorrupt => "the database file is damaged",
        SqliteFull => "the disk is full",
        SqliteCannotOpen => "the file cannot be opened",
        SqliteNotADatabase => "the file is not a database",
        _ => $"SQLite error {code}",
    };
}

/// <summary>What a probe of a data folder found.</summary>
public sealed record DataFolderState(DateTimeOffset CheckedAt, string? WriteError, long? FreeBytes)
{
    public bool Writable => WriteError is null;
}

/// <summary>
/// Writes and deletes a small file in a data folder, and reads the free space of its disk. The
/// answer is kept for a few seconds, so a health checker polling every second costs one write
/// every few seconds, and <c>/healthz</c> cannot be used to make the disk work hard.
/// </summary>
public sealed class DataFolderProbe(TimeProvider time)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(5);

    /// <summary>One page: the smallest write that needs a free block on the disk.</summary>
    private static readonly byte[] ProbeBytes = new byte[4096];

    private readonly ConcurrentDictionary<string, DataFolderState> _states = new(StringComparer.Ordinal);

    public DataFolderState Check(string folder)
    {
        var now = time.GetUtcNow();
        if (_states.TryGetValue(folder, out var known) && now - known.CheckedAt < KeepFor)
        {
            return known;
        }

        var state = new DataFolderState(now, TryWrite(folder), FreeBytes(folder));
        _states[folder] = state;
        return state;
    }

    /// <summary>Null when a file can be written to, synced in and deleted from <paramref name="folder"/>; else why not.</summary>
    public static string? TryWrite(string folder)
    {
        var probe = Path.Combine(folder, ".write-probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
            {
                stream.Write(ProbeBytes);
                stream.Flush(flushToDisk: true);
            }

            File.Delete(probe);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(probe);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // The folder is unusable anyway; the probe's name is unique, so nothing else meets it.
            }

            return ex.Message;
        }
    }

    private static long? FreeBytes(string folder)
    {
        try
        {
            return new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>
/// <c>/healthz</c> for one store: Unhealthy when it was paused at start-up or its folder cannot be
/// written (every enquiry or save would fail), Degraded below <c>Data:MinimumFreeMegabytes</c>.
/// </summary>
internal sealed class DataStoreHealthCheck<TStore>(TStore store, DataFolderProbe probe, IOptions<DataOptions> options) : IHealthCheck
    where TStore : IDataStore
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store.Problem is { } problem)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(problem.Describe()));
        }

        if (store.WriteFailure is { } failure)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The last write to {store.Folder} failed: {failure}"));
        }

        var state = probe.Check(store.Folder);
        var floor = options.Value.MinimumFreeMegabytes * 1024 * 1024;
        var result = !state.Writable ? HealthCheckResult.Unhealthy($"The data folder {store.Folder} cannot be written: {state.WriteError}")
            : state.FreeBytes < floor ? HealthCheckResult.Degraded($"{state.FreeBytes / (1024 * 1024)} MB free for {store.Folder}, below {DataOptions.Section}:MinimumFreeMegabytes ({options.Value.MinimumFreeMegabytes} MB).")
            : HealthCheckResult.Healthy();
        return Task.FromResult(result);
    }
}
