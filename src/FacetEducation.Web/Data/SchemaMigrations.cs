using System.Data.Common;
using System.Globalization;
using System.Reflection;

namespace FacetEducation.Web.Data;

/// <summary>One numbered SQL script of a database, embedded from <c>Data/Migrations/&lt;Database&gt;/NNNN_name.sql</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// The schema of one database: its scripts, oldest first, and how to read the version of a file
/// written before <c>schema_migrations</c> existed. <c>LegacyVersionSql</c> is a query giving the
/// version such a file is already at (null: 0, so every script runs; the scripts from that time use
/// IF NOT EXISTS and are safe to run again); it is needed where an old script cannot run twice, as
/// an ALTER TABLE ADD COLUMN cannot. <c>TableExistsSql</c> counts the tables named
/// <c>schema_migrations</c> in the engine's own catalogue; <c>Holder</c> is what the messages call
/// the database ("file" for SQLite).
/// </summary>
public sealed record DatabaseSchema(string Database, IReadOnlyList<Migration> Migrations, string? LegacyVersionSql = null,
    string TableExistsSql = SchemaMigrations.SqliteTableExistsSql, string Holder = "file")
{
    /// <summary>The outbox, <c>enquiries.db</c>. A file with the replay and cap columns (added in
    /// place by the code before migrations) is at version 2; any other is at 0.</summary>
    public static DatabaseSchema Enquiries { get; } = new("Enquiries", SchemaMigrations.Load("Enquiries"),
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM pragma_table_info('outbox') WHERE name = 'recipient') THEN 2 ELSE 0 END");

    /// <summary>The editor's file, <c>editor.db</c>.</summary>
    public static DatabaseSchema Editor { get; } = new("Editor", SchemaMigrations.Load("Editor"));

    /// <summary>The shared PostgreSQL database of <c>Data:Provider=Postgres</c> (<see cref="Postgres.ClinicDatabase"/>):
    /// its own scripts, since the engines' DDL differs; nothing predates <c>schema_migrations</c> there.</summary>
    public static DatabaseSchema Postgres { get; } = new("Postgres", SchemaMigrations.Load("Postgres"),
        TableExistsSql: "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_migrations'",
        Holder: "database");

    public int Latest => Migrations[^1].Version;
}

/// <summary>
/// Brings a database to its latest schema at start-up: each script not yet recorded in
/// <c>schema_migrations</c> runs in its own transaction with the row that records it, so a failure
/// leaves the file at the last version that completed. A file from a newer version of the site is
/// refused, never downgraded. Failures are <see cref="StoreFileException"/>s, so
/// <see cref="DataStores.TryOpen"/> pauses the store like any other file it cannot open.
/// Plain ADO.NET: only <see cref="DatabaseSchema.TableExistsSql"/> and the legacy queries are an engine's own.
/// Several processes on one PostgreSQL database take turns with an advisory lock around this
/// (<see cref="Postgres.ClinicDatabase"/>).
/// </summary>
public static class SchemaMigrations
{
    public const string SqliteTableExistsSql = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";

    private const string CreateTableSql = """
        CREATE TABLE schema_migrations (
            version     INTEGER PRIMARY KEY,
            name        TEXT NOT NULL,
            applied_utc TEXT NOT NULL
        )
        """;

    /// <summary>Runs the scripts of <paramref name="schema"/> not yet applied (up to <paramref name="upTo"/>, for tests); returns the version reached.</summary>
    public static int Migrate(DbConnection connection, DatabaseSchema schema, int? upTo = null)
    {
        var version = CurrentVersion(connection, schema);
        if (version > schema.Latest)
        {
            throw new StoreFileException(StoreProblemKind.Schema,
                $"it was written by a newer version of the site (schema version {version}; this version knows up to {schema.Latest}): run the newer version again, or restore a backup made by this one");
        }

        foreach (var migration in schema.Migrations.Where(m => m.Version > version && m.Version <= (upTo ?? int.MaxValue)))
        {
            try
            {
                using var transaction = connection.BeginTransaction();
                // Another process may have applied it since we looked (two sites starting at once).
                if (Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations") < migration.Version)
                {
                    Execute(connection, transaction, migration.Sql);
                    Record(connection, transaction, migration);
                }

                transaction.Commit();
                version = migration.Version;
            }
            catch (DbException ex)
            {
                throw new StoreFileException(StoreProblemKind.Schema,
                    $"migration {migration.Version:0000}_{migration.Name} failed ({ex.Message}); the {schema.Holder} is left at schema version {version}: restore the backup taken before the upgrade, or run the previous version", ex);
            }
        }

        return version;
    }

    /// <summary>The version recorded in <c>schema_migrations</c>; for a file without that table, creates it and records the scripts the file already has.</summary>
    public static int CurrentVersion(DbConnection connection, DatabaseSchema schema)
    {
        using var transaction = connection.BeginTransaction();
        int version;
        if (Scalar(connection, transaction, schema.TableExistsSql) > 0)
        {
            version = Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        }
        else
        {
            version = schema.LegacyVersionSql is { } legacy ? Scalar(connection, transaction, legacy) : 0;
            Execute(connection, transaction, CreateTableSql);
            foreach (var migration in schema.Migrations.Where(m => m.Version <= version))
            {
                Record(connection, transaction, migration);
            }
        }

        transaction.Commit();
        return version;
    }

    internal static IReadOnlyList<Migration> Load(string database)
    {
        var assembly = typeof(SchemaMigrations).Assembly;
        var prefix = $"Migrations/{database}/";
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Read(assembly, n, Path.GetFileNameWithoutExtension(n[prefix.Length..])))
            .OrderBy(m => m.Version)
            .ToList();
        // Numbered 1, 2, 3 with no gap or repeat: a gap would be skipped silently on every database.
        if (migrations.Count == 0 || migrations.Select((m, i) => m.Version != i + 1).Any(wrong => wrong))
        {
            throw new InvalidOperationException($"The migrations of {database} must be numbered 0001, 0002, ... without gaps: {string.Join(", ", migrations.Select(m => m.Version))}");
        }

        return migrations;
    }

    private static Migration Read(Assembly assembly, string resource, string fileName)
    {
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(int.Parse(fileName[..separator], CultureInfo.InvariantCulture), fileName[(separator + 1)..], reader.ReadToEnd());
    }

    private static void Record(DbConnection connection, DbTransaction transaction, Migration migration)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO schema_migrations (version, name, applied_utc) VALUES (@version, @name, @applied)";
        Add(command, "@version", migration.Version);
        Add(command, "@name", migration.Name);
        Add(command, "@applied", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static void Execute(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static int Scalar(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
