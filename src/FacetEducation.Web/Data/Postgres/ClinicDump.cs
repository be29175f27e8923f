using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace FacetEducation.Web.Data.Postgres;

/// <summary>
/// The shared database's part of <c>backup</c> and <c>restore</c> when <c>Data:Provider</c> is
/// <c>Postgres</c>: Debian's <c>pg_dump -Fc</c> of the whole database into one file, and
/// <c>pg_restore</c> of it into an empty database. The connection parts of
/// <c>ConnectionStrings:Clinic</c> reach the tools as PG* environment variables of the child process,
/// never on its command line (which <c>ps</c> shows to every user), and the password never appears
/// in a message.
/// </summary>
internal sealed class ClinicDump(string connectionString)
{
    public const string FileName = "clinic.dump";

    /// <summary>The name of the database's schema version in the manifest.</summary>
    public const string SchemaName = "clinic";

    private const string Package = "Debian's postgresql-client package (apt-get install postgresql-client)";

    private readonly NpgsqlConnectionStringBuilder _parts = Parse(connectionString);

    /// <summary>Host, port and database, without the user or password: for messages.</summary>
    public string Where => $"{_parts.Host}:{_parts.Port}/{_parts.Database}";

    /// <summary>Writes the dump to <paramref name="file"/>; returns the schema version it holds.</summary>
    public int Dump(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        Run("pg_dump", ["--format=custom", "--file", file]);
        using (var written = new FileStream(file, FileMode.Open, FileAccess.ReadWrite))
        {
            written.Flush(flushToDisk: true);
        }

        // Read after the dump: a site migrating meanwhile can only make it higher than the dump's, and
        // restore uses it to refuse a dump from a newer version, never to skip a migration.
        return SchemaVersion();
    }

    /// <summary>Refuses a database that already holds tables (the site's schema_migrations named first): restore never mixes a backup with other data.</summary>
    public void RequireEmpty()
    {
        var tables = Query<string>("SELECT string_agg(quote_ident(schemaname) || '.' || quote_ident(tablename), ', ' ORDER BY tablename <> 'schema_migrations', tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')");
        if (tables is not null)
        {
            throw new CommandException($"The database {Where} (ConnectionStrings:Clinic) is not empty (it has {Shorten(tables)}): restore only into a new, empty database (CREATE DATABASE … OWNER the site's user), and point ConnectionStrings:Clinic at it.");
        }
    }

    /// <summary>Restores <paramref name="file"/> in one transaction (a failure leaves the database
    /// empty), then releases the senders' claims the dump holds: they belong to instances of the old
    /// server, none of which sends from this database, so their emails are due at once rather than
    /// when the leases would have run out.</summary>
    public void Restore(string file)
    {
        Run("pg_restore", ["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", "--dbname", _parts.Database ?? "", file]);
        Query<long>("WITH released AS (UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by IS NOT NULL RETURNING 1) SELECT COUNT(*) FROM released");
    }

    /// <summary>Enquiries stored, emails waiting to be sent, the editor's revisions and sign-offs, as restore reports them.</summary>
    public (long Enquiries, long Pending, long Revisions, long SignOffs) Counts() =>
        (Query<long>(Data.Restore.CountSql.Enquiries), Query<long>(Data.Restore.CountSql.PendingEmails), Query<long>(Data.Restore.CountSql.Revisions), Query<long>(Data.Restore.CountSql.SignOffs));

    /// <summary>The newest version in schema_migrations (0 when the site has not yet migrated the database).</summary>
    private int SchemaVersion() =>
        Query<int>("SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 ELSE (SELECT COALESCE(MAX(version), 0) FROM schema_migrations) END");

    private T? Query<T>(string sql)
    {
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var value = command.ExecuteScalar();
            return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
        }
        catch (NpgsqlException ex)
        {
            throw new CommandException($"The database {Where} (ConnectionStrings:Clinic) cannot be used: {Redact(ex.Message)}");
        }
    }

    private void Run(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(Find(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The connection's parts replace any PG* variables of the operator's shell, so the tool connects where the site does.
        foreach (var (name, value) in new[]
        {
            ("PGHOST", _parts.Host), ("PGPORT", _parts.Port.ToString(CultureInfo.InvariantCulture)), ("PGUSER", _parts.Username),
            ("PGDATABASE", _parts.Database), ("PGPASSWORD", _parts.Password),
            ("PGSSLMODE", _parts.SslMode switch { SslMode.Disable => "disable", SslMode.Require => "require", SslMode.VerifyCA => "verify-ca", SslMode.VerifyFull => "verify-full", _ => null }),
        })
        {
            start.Environment.Remove(name);
            if (!string.IsNullOrEmpty(value))
            {
                start.Environment[name] = value;
            }
        }

        start.Environment["PGCONNECT_TIMEOUT"] = "15";
        using var process = Process.Start(start) ?? throw new CommandException($"{tool} could not be started: install {Package}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var message = (error.Result + output.Result).Trim();
        if (process.ExitCode != 0)
        {
            throw new CommandException($"{tool} of {Where} failed (exit code {process.ExitCode}): {Redact(message)}");
        }
    }

    /// <summary>Where the tools are looked for, in order: the folders of the PATH, then
    /// Debian's /usr/lib/postgresql/VERSION/bin, newest version first (a test gives a machine without them).</summary>
    internal IReadOnlyList<string> ToolFolders { get; init; } = DefaultToolFolders();

    private static List<string> DefaultToolFolders() =>
    [
        .. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries),
        .. Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin"))
            : [],
    ];

    /// <summary>The tool in the first of <see cref="ToolFolders"/> that has it.</summary>
    private string Find(string tool) =>
        ToolFolders.Select(folder => Path.Combine(folder, tool)).FirstOrDefault(File.Exists)
            ?? throw new CommandException($"{tool} was not found (on the PATH or in /usr/lib/postgresql/*/bin): install {Package}, at the server's major version or newer.");

    private string Redact(string text) =>
        string.IsNullOrEmpty(_parts.Password) ? text : text.Replace(_parts.Password, "***", StringComparison.Ordinal);

    private static string Shorten(string tables) => tables.Length <= 120 ? tables : tables[..120] + "…";

    private static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            // Npgsql's message names the keyword, never the value (which may be the password).
            throw new CommandException($"ConnectionStrings:Clinic is not a PostgreSQL connection string ({ex.Message}).");
        }
    }
}
