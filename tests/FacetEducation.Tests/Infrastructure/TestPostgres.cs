using System.Globalization;
using Npgsql;

namespace FacetEducation.Tests.Infrastructure;

/// <summary>
/// Databases of one test class's own on the test PostgreSQL server, which <c>bash .ci/postgres -- COMMAND</c>
/// starts and names in <c>FACET_TEST_POSTGRES</c> (<c>.ci/test</c> runs every test that way). Each
/// database is created on first use and dropped on dispose, so test classes running in parallel
/// never meet. Without the variable a test that needs the server fails, saying how to start one; a
/// developer without PostgreSQL may set <c>FACET_SKIP_POSTGRES=1</c> to see those tests skipped
/// (listed as such, never passed), which CI (<c>CI=true</c>) does not allow.
/// </summary>
public sealed class TestPostgres : IDisposable
{
    public const string Variable = "FACET_TEST_POSTGRES";
    public const string SkipVariable = "FACET_SKIP_POSTGRES";

    private readonly string? _server = Environment.GetEnvironmentVariable(Variable);
    private readonly Lock _lock = new();
    private readonly List<string> _created = [];
    private string? _shared;

    /// <summary>The class's database (created on first use): what the tests that share one use.</summary>
    public string ConnectionString
    {
        get
        {
            lock (_lock)
            {
                return _shared ??= CreateDatabase();
            }
        }
    }

    /// <summary>A new, empty database of this class, dropped on dispose; its connection string.</summary>
    public string CreateDatabase()
    {
        var server = Server();
        var name = "facet_test_" + Guid.NewGuid().ToString("N")[..12];
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }

        lock (_lock)
        {
            _created.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>The port nothing listens on: a server that cannot be reached.</summary>
    public static int UnusedPort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }

    /// <summary>Runs <paramref name="sql"/> on the database and returns every row, each column as .NET read it.</summary>
    public static List<object?[]> Query(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
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

    public static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>The versions recorded in <c>schema_migrations</c>, in order.</summary>
    public static List<int> Versions(string connectionString) =>
        [.. Query(connectionString, "SELECT version FROM schema_migrations ORDER BY version").Select(r => Convert.ToInt32(r[0], CultureInfo.InvariantCulture))];

    public void Dispose()
    {
        if (_server is null || _created.Count == 0)
        {
            return;
        }

        using var connection = new NpgsqlConnection(_server);
        connection.Open();
        foreach (var name in _created)
        {
            // FORCE: a site's pooled connections may still be open.
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
    }

    private string Server()
    {
        if (!string.IsNullOrWhiteSpace(_server))
        {
            return _server;
        }

        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Skip.If(!ci && Environment.GetEnvironmentVariable(SkipVariable) == "1",
            $"{SkipVariable}=1: this test needs a PostgreSQL server and none was given ({Variable} is not set).");
        throw new InvalidOperationException(
            $"This test needs a PostgreSQL server: {Variable} is not set. Run the tests beside a throwaway one with " +
            "`bash .ci/postgres -- dotnet test tests/FacetEducation.Tests` (it needs Debian's postgresql package: apt-get install postgresql), " +
            $"or set {Variable} to a connection string for a user that may create databases. " +
            $"To skip these tests on a machine without PostgreSQL, set {SkipVariable}=1 (not allowed on CI).");
    }
}
