using System.Data.Common;
using FacetEducation.Web.Admin;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Data.Postgres;

/// <summary>
/// The editor's tables in the shared database (<c>Data:Provider=Postgres</c>): every instance reads
/// and writes the same history, sign-offs, sessions, rescued drafts and sign-in throttle, so
/// whichever instance nginx sends <c>/admin</c> to (docs/scaling.md) sees what the others did. No
/// <c>editor.db</c> is made. A server that cannot be reached is reported by <c>/healthz</c>'s
/// database entry and by each request that fails (a 503 page), not as a pause until a restart.
/// An <c>editor.db</c> left in the data folder by the site before it switched is imported on the
/// first use (<see cref="EditorHistoryImport"/>), before anything reads or writes the history.
/// </summary>
internal sealed class PostgresEditorDatabase : IEditorDatabase
{
    private readonly ClinicDatabase _database;
    private readonly ILogger<PostgresEditorDatabase> _logger;
    private readonly Lock _importing = new();
    private volatile bool _imported;

    public PostgresEditorDatabase(ClinicDatabase database, IOptions<DataOptions> options, IHostEnvironment environment, ILogger<PostgresEditorDatabase> logger)
    {
        _database = database;
        _logger = logger;
        Folder = options.Value.Resolve(environment.ContentRootPath);
        Directory.CreateDirectory(Folder);
    }

    /// <summary>The data folder, which <c>/healthz</c> still probes (the instance's own files are there).</summary>
    public string Folder { get; }

    public StoreProblem? Problem => null;

    public DbConnection Open()
    {
        var connection = _database.Open();
        if (!_imported)
        {
            try
            {
                ImportOnce(connection);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        return connection;
    }

    /// <summary>Imports the data folder's <c>editor.db</c> once per process. A database that fails
    /// mid-way rolls it back and the next use tries again; a file that cannot be read is logged and
    /// left, and editing goes on with the database's history.</summary>
    private void ImportOnce(Npgsql.NpgsqlConnection connection)
    {
        lock (_importing)
        {
            if (_imported)
            {
                return;
            }

            var file = Path.Combine(Folder, SiteFolders.EditorDatabase);
            try
            {
                EditorHistoryImport.Run(connection, file, _logger);
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
            {
                _logger.LogError(ex, "{File} could not be imported into the shared database ({Reason}): the editor's history there is used without it; fix or move the file and restart to try again", file, DataStores.Reason(ex));
            }

            _imported = true;
        }
    }
}
