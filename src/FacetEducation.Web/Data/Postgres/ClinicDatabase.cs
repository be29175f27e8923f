using System.Data;
using Npgsql;

namespace FacetEducation.Web.Data.Postgres;

/// <summary>
/// The PostgreSQL database that several instances share when <c>Data:Provider</c> is
/// <c>Postgres</c> (<c>ConnectionStrings:Clinic</c>): one pooled data source, and the schema
/// (<see cref="DatabaseSchema.Postgres"/>) brought to the latest version before first use. Held
/// there: the outbox and enquiries (<see cref="PostgresEnquiryDatabase"/>), the editor's history,
/// sessions, rescued drafts and sign-in throttle (<see cref="PostgresEditorDatabase"/>) and the
/// data-protection key ring (<see cref="PostgresXmlRepository"/>). A server that
/// cannot be reached does not stop the site: start-up logs it, <c>/healthz</c> reports Unhealthy,
/// and the next use tries again, so an instance started while the database is down recovers on
/// its own.
/// </summary>
public sealed class ClinicDatabase : IDisposable
{
    public const string ConnectionStringName = "Clinic";

    public const string ConnectionStringKey = "ConnectionStrings:" + ConnectionStringName;

    /// <summary>
    /// The session advisory lock that migrations hold (the key is "Facet" and "mig" in ASCII): two
    /// instances starting at once on an empty database take turns, instead of both creating
    /// <c>schema_migrations</c> and one failing.
    /// </summary>
    internal const long MigrationLockKey = 0x46_61_63_65_74_6D_69_67;

    private readonly Lock _migrating = new();
    private readonly Lazy<NpgsqlDataSource> _dataSource;
    private volatile bool _migrated;

    public ClinicDatabase(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Where = $"{builder.Host}:{builder.Port}/{builder.Database}";
        // Created on first use: with Data:Provider=Sqlite nothing here is ever opened.
        _dataSource = new(() =>
        {
            var source = new NpgsqlDataSourceBuilder(connectionString);
            // Names the site's connections in pg_stat_activity, unless the operator named them.
            source.ConnectionStringBuilder.ApplicationName ??= "FacetEducation";
            return source.Build();
        });
    }

    /// <summary>Host, port and database, without the user or password: for messages and the log.</summary>
    public string Where { get; }

    /// <summary>Opens a pooled connection to a database at the latest schema.</summary>
    public NpgsqlConnection Open()
    {
        EnsureSchema();
        return _dataSource.Value.OpenConnection();
    }

    /// <summary>
    /// Runs the scripts not yet applied, once per process while they succeed; a failure (server
    /// unreachable, a script that fails, a database from a newer version) is thrown, and the next
    /// call tries again.
    /// </summary>
    public void EnsureSchema()
    {
        if (_migrated)
        {
            return;
        }

        lock (_migrating)
        {
            if (_migrated)
            {
                return;
            }

            using var connection = _dataSource.Value.OpenConnection();
            Migrate(connection, DatabaseSchema.Postgres);
            _migrated = true;
        }
    }

    /// <summary>Brings the database of <paramref name="connection"/> to <paramref name="schema"/>'s latest version (or <paramref name="upTo"/>, for tests), holding <see cref="MigrationLockKey"/>.</summary>
    internal static int Migrate(NpgsqlConnection connection, DatabaseSchema schema, int? upTo = null)
    {
        Lock(connection, "SELECT pg_advisory_lock(@key)");
        try
        {
            return SchemaMigrations.Migrate(connection, schema, upTo);
        }
        finally
        {
            // A broken connection has lost its lock with its session already.
            if (connection.State == ConnectionState.Open)
            {
                Lock(connection, "SELECT pg_advisory_unlock(@key)");
            }
        }
    }

    /// <summary>Checks that the server answers and the schema is current; throws what is wrong.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.Value.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
        EnsureSchema();
    }

    /// <summary>The reason for the log and the health report: PostgreSQL's or Npgsql's message, never the connection string.</summary>
    public static string Reason(Exception exception) => exception switch
    {
        PostgresException postgres => $"{postgres.SqlState}: {postgres.MessageText}",
        StoreFileException or NpgsqlException or TimeoutException => exception.Message,
        OperationCanceledException => "no answer in time",
        _ => exception.GetType().Name + ": " + exception.Message,
    };

    public void Dispose()
    {
        if (_dataSource.IsValueCreated)
        {
            _dataSource.Value.Dispose();
        }
    }

    private static void Lock(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", MigrationLockKey);
        command.ExecuteScalar();
    }
}
