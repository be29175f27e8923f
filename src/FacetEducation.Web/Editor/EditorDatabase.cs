using FacetEducation.Web.Site;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Editor;

/// <summary>
/// The editor's SQLite file, <c>&lt;data&gt;/editor.db</c>: revisions (every saved, signed-off or
/// hand-changed version of each document), open sign-in sessions (see <see cref="EditorSessions"/>)
/// and rescued drafts (editor forms posted after the sign-in ran out, see <see cref="RescuedDrafts"/>).
/// A file that cannot be opened at start-up (damaged, not a database, an unwritable folder) pauses
/// editing (<see cref="Problem"/>: <c>/admin</c> says so) instead of stopping the site.
/// </summary>
public sealed class EditorDatabase : IDataStore
{
    private readonly string _connectionString;

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

    private void CreateTables()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS revisions (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                path TEXT NOT NULL,
                text TEXT NOT NULL,
                hash TEXT NOT NULL,
                status TEXT NOT NULL,
                author TEXT NULL,
                author_name TEXT NULL,
                created_utc TEXT NOT NULL,
                summary TEXT NOT NULL,
                minor INTEGER NOT NULL DEFAULT 0,
                signed_off_revision INTEGER NULL
            );
            CREATE INDEX IF NOT EXISTS ix_revisions_path ON revisions (path, id);
            -- The old lockout table kept every user name typed at the sign-in form, unbounded; the
            -- throttle that replaced it (SignInThrottle) keeps nothing on disk.
            DROP TABLE IF EXISTS sign_in_failures;
            CREATE TABLE IF NOT EXISTS editor_sessions (
                id TEXT PRIMARY KEY,
                user_name TEXT NOT NULL,
                created_utc TEXT NOT NULL,
                seen_utc TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS ix_editor_sessions_seen ON editor_sessions (seen_utc);
            CREATE TABLE IF NOT EXISTS rescued_drafts (
                id TEXT PRIMARY KEY,
                user_name TEXT NOT NULL,
                path TEXT NOT NULL,
                title TEXT NULL,
                form_json TEXT NOT NULL,
                created_utc TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS ix_rescued_drafts_user ON rescued_drafts (user_name, created_utc);
            """;
        command.ExecuteNonQuery();
    }
}
