using FacetEducation.Web.Data;
using Microsoft.Data.Sqlite;

namespace FacetEducation.Web.Enquiries;

/// <summary>
/// The enquiries' SQLite file, <c>&lt;data&gt;/enquiries.db</c> (WAL): opened and brought to the
/// latest schema at start-up, then handing out pooled connections with the durability each write
/// needs (<see cref="Open"/>). What is stored in it is <see cref="EnquiryStore"/>'s. A file that
/// cannot be opened at start-up (damaged, not a database, an unwritable folder) pauses enquiries
/// (<see cref="Problem"/>) instead of stopping the site.
/// </summary>
internal sealed class EnquiryDatabase : IEnquiryDatabase, IDisposable
{
    private readonly string _connectionString;
    private DataFolderLock? _folderLock;

    public EnquiryDatabase(EnquiryPaths paths, ILogger<EnquiryDatabase> logger)
    {
        Folder = paths.Data;
        FilePath = paths.Database;
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

    public string FilePath { get; }

    /// <summary>Why enquiries are paused (set at start-up, until a restart), or null when the file works.</summary>
    public StoreProblem? Problem { get; }

    /// <summary>
    /// Opens a pooled connection. <paramref name="durable"/>: synchronous = FULL, so a commit is on
    /// disk before the visitor is told it was received, even after a power cut; otherwise NORMAL
    /// (in WAL mode still safe against a crash of the process, synced at checkpoints).
    /// </summary>
    public SqliteConnection Open(bool durable = false)
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

    System.Data.Common.DbConnection IEnquiryDatabase.Open(bool durable) => Open(durable);

    public void Dispose()
    {
        // Release pooled handles on the file, so that a restarted host (or a test) starts clean.
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _folderLock?.Dispose();
    }

    /// <summary>Holds the data folder against a restore, then brings the file to the latest schema (WAL mode).</summary>
    private void CreateTables() => _folderLock = DataStores.OpenSqliteFile(Folder, () => Open(), DatabaseSchema.Enquiries);
}
