using FacetEducation.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Admin;

/// <summary>
/// The editor's SQLite file, <c>&lt;data&gt;/editor.db</c> (<c>Data:Provider=Sqlite</c>, the default):
/// revisions (every saved, signed-off or hand-changed version of each document), open sign-in
/// sessions (see <see cref="EditorSessions"/>), rescued drafts (editor forms posted after the sign-in
/// ran out, see <see cref="RescuedDrafts"/>) and the sign-in throttle's counts (<see cref="SignInThrottle"/>).
/// A file that cannot be opened at start-up (damaged, not a database, an unwritable folder) pauses
/// editing (<see cref="Problem"/>: <c>/admin</c> says so) instead of stopping the site.
/// </summary>
public sealed class EditorDatabase : IEditorDatabase, IDisposable
{
    private readonly string _connectionString;
    private DataFolderLock? _folderLock;

    public EditorDatabase(IOptions<DataOptions> options, IHostEnvironment environment, ILogger<EditorDatabase>? logger = null)
    {
        Folder = options.Value.Resolve(environment.ContentRootPath);
        FilePath = Path.Combine(Folder, "editor.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true }.ToString();
        Problem = DataStores.TryOpen(FilePath, "editing", CreateTables, logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<EditorDatabase>.Instance);
    }

    public string FilePath { get; }

    public string Folder { get; }

    /// <summary>Why editing is paused (set at start-up, until a restart), or null when the database works.</summary>
    public StoreProblem? Problem { get; }

    public SqliteConnection Open()
    {
        if (Problem is not null)
        {
            throw new InvalidOperationException(Problem.Describe());
        }

        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    System.Data.Common.DbConnection IEditorDatabase.Open() => Open();

    public void Dispose()
    {
        // Release pooled handles on the file and the folder's lock, so that a restarted host (or a test) starts clean.
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _folderLock?.Dispose();
    }

    /// <summary>Holds the data folder against a restore, then brings the file to the latest schema (WAL mode).</summary>
    private void CreateTables() => _folderLock = DataStores.OpenSqliteFile(Folder, Open, DatabaseSchema.Editor);
}
