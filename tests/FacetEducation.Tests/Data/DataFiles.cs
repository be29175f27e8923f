using System.Text.RegularExpressions;
using FacetEducation.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace FacetEducation.Tests.Data;

/// <summary>Reading SQLite files as they are on disk, and the fixture of today's data folder.</summary>
internal static partial class DataFiles
{
    /// <summary>enquiries.db and editor.db as the code before schema_migrations wrote them (see Fixtures/README.md).</summary>
    public static string TodayFixture => Path.Combine(TestContent.RepositoryRoot, "tests", "FacetEducation.Tests", "Data", "Fixtures", "today");

    /// <summary>The pending enquiry in the fixture.</summary>
    public const string FixtureEnquiryId = "01a23179-de00-7a86-ab54-7a5719afe9e8";

    /// <summary>Copies the fixture's two files into <paramref name="folder"/>.</summary>
    public static void CopyFixture(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(TodayFixture, "*.db"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
    }

    public static SqliteConnection Open(string file, bool readOnly = true)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    public static List<object?[]> Query(string file, string sql)
    {
        using var connection = Open(file);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        List<object?[]> rows = [];
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static void Execute(string file, string sql)
    {
        using var connection = Open(file, readOnly: false);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The versions recorded in schema_migrations, in order.</summary>
    public static List<long> Versions(string file) =>
        [.. Query(file, "SELECT version FROM schema_migrations ORDER BY version").Select(r => (long)r[0]!)];

    /// <summary>The schema of one of the fixture's files, read from a copy (opening it in place would leave SQLite's -shm and -wal beside it).</summary>
    public static List<string> FixtureSchema(string database)
    {
        var folder = Directory.CreateTempSubdirectory("data-fixture-").FullName;
        try
        {
            File.Copy(Path.Combine(TodayFixture, database), Path.Combine(folder, database));
            return Schema(Path.Combine(folder, database));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The schema of one of the fixture's files after this version's migrations, read from a
    /// migrated copy: what a clinic's data folder looks like once it has upgraded.</summary>
    public static List<string> MigratedFixtureSchema(string database, Web.Data.DatabaseSchema schema)
    {
        var folder = Directory.CreateTempSubdirectory("data-fixture-").FullName;
        try
        {
            var file = Path.Combine(folder, database);
            File.Copy(Path.Combine(TodayFixture, database), file);
            using (var connection = Open(file, readOnly: false))
            {
                Web.Data.SchemaMigrations.Migrate(connection, schema);
            }

            return Schema(file);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Every table and index with its definition (whitespace folded), without schema_migrations:
    /// two files with the same list have the same schema.</summary>
    public static List<string> Schema(string file) =>
        [.. Query(file, "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name <> 'schema_migrations' ORDER BY type, name")
            .Select(r => $"{r[0]} {r[1]}: {Spacing().Replace(Whitespace().Replace((string)r[2]!, " "), "$1")}")];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@" ?([(),]) ?")]
    private static partial Regex Spacing();
}
