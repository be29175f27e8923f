using System.Data.Common;
using FacetEducation.Web.Enquiries;
using Npgsql;

namespace FacetEducation.Web.Data.Postgres;

/// <summary>
/// The outbox in the shared database (<c>Data:Provider=Postgres</c>): every instance stores
/// enquiries there, and each one's sender claims what it sends (<see cref="OutboxClaims"/>), so an
/// email goes once however many instances run. The pickup folder stays in each data folder.
/// </summary>
internal sealed class PostgresEnquiryDatabase : IEnquiryDatabase
{
    /// <summary>The transaction advisory lock of inserts ("Facet" and "ins" in ASCII).</summary>
    private const long InsertLockKey = 0x46_61_63_65_74_69_6E_73;

    private readonly ClinicDatabase _database;

    public PostgresEnquiryDatabase(ClinicDatabase database, EnquiryPaths paths)
    {
        _database = database;
        Folder = paths.Data;
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string? FilePath => null;

    /// <summary>A server that cannot be reached is reported by <c>/healthz</c>'s database entry and by each failed write, not as a pause.</summary>
    public StoreProblem? Problem => null;

    /// <summary>Unique per process, and readable in the table: the machine, the process and a random part (a restarted process may get the same id).</summary>
    public string Sender { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    public DbConnection Open(bool durable = false) => _database.Open();

    public void TakeInsertTurn(DbConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", (NpgsqlConnection)connection);
        command.Parameters.AddWithValue("key", InsertLockKey);
        command.ExecuteScalar();
    }
}
