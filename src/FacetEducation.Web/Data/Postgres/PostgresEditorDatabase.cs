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
/// </summary>
internal sealed class PostgresEditorDatabase : IEditorDatabase
{
    private readonly ClinicDatabase _database;

    public PostgresEditorDatabase(ClinicDatabase database, IOptions<DataOptions> options, IHostEnvironment environment)
    {
        _database = database;
        Folder = options.Value.Resolve(environment.ContentRootPath);
        Directory.CreateDirectory(Folder);
    }

    /// <summary>The data folder, which <c>/healthz</c> still probes (the instance's own files are there).</summary>
    public string Folder { get; }

    public StoreProblem? Problem => null;

    public DbConnection Open() => _database.Open();
}
