using System.Net;
using FacetEducation.Tests.Enquiries;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Data;
using FacetEducation.Web.Data.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FacetEducation.Tests.Data;

/// <summary>
/// The numbered PostgreSQL scripts of <c>Data:Provider=Postgres</c>, on a real server: an empty
/// database, a database at the schema before, two instances migrating at once (the advisory lock),
/// and a database from a newer version.
/// </summary>
public sealed class PostgresMigrationTests(TestPostgres postgres) : IClassFixture<TestPostgres>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("postgres-migrations-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static int Latest => DatabaseSchema.Postgres.Migrations.Count;

    private static List<int> AllVersions => [.. Enumerable.Range(1, Latest)];

    [SkippableFact]
    public void An_empty_database_gets_every_script_and_the_tables_and_columns_of_the_sqlite_stores()
    {
        var database = postgres.CreateDatabase();

        Assert.Equal(6, Migrate(database));

        Assert.Equal([1, 2, 3, 4, 5, 6], TestPostgres.Versions(database));
        Assert.Equal(["0001:outbox_and_editor", "0002:data_protection_keys", "0003:outbox_claims", "0004:passwords", "0005:sign_in_throttle", "0006:scheduled_publication"],
            TestPostgres.Query(database, "SELECT version, name FROM schema_migrations ORDER BY version").Select(r => $"{r[0]:0000}:{r[1]}"));
        // The same tables and columns as today's SQLite files, so one store's SQL runs on either,
        // and the senders' claims, which only PostgreSQL has.
        var sqlite = SqliteColumns();
        sqlite["outbox"].AddRange(["claimed_by", "claimed_until"]);
        foreach (var table in sqlite.Keys)
        {
            Assert.Equal(sqlite[table], PostgresColumns(database, table));
        }

        Assert.Equal(["data_protection_keys", "editor_passwords", "editor_sessions", "enquiries", "outbox", "password_resets", "rescued_drafts", "revisions", "scheduled_publications", "schema_migrations", "sign_in_account_failures", "sign_in_addresses"],
            TestPostgres.Query(database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename").Select(r => (string)r[0]!));
    }

    [SkippableFact]
    public void A_database_at_schema_1_keeps_its_outbox_and_gains_the_key_ring()
    {
        var database = postgres.CreateDatabase();
        Assert.Equal(1, Migrate(database, upTo: 1));
        TestPostgres.Execute(database, """
            INSERT INTO enquiries (id, created_at, urgent, payload) VALUES ('old-1', 1764590400000, 0, '{}');
            INSERT INTO outbox (enquiry_id, kind, message_id, status, next_attempt_at, mime) VALUES ('old-1', 'Notification', '<old@clinic.test>', 'pending', 1764590400000, '\x00');
            """);
        var before = TestPostgres.Query(database, "SELECT id, enquiry_id, kind, message_id, status, mime FROM outbox");

        Assert.Equal(3, Migrate(database, upTo: 3));

        Assert.Equal([1, 2, 3], TestPostgres.Versions(database));
        Assert.Equal(before, TestPostgres.Query(database, "SELECT id, enquiry_id, kind, message_id, status, mime FROM outbox"));
        TestPostgres.Execute(database, "INSERT INTO data_protection_keys (friendly_name, xml) VALUES ('key-1', '<key/>')");
        Assert.Equal("<key/>", TestPostgres.Query(database, "SELECT xml FROM data_protection_keys")[0][0]);
    }

    [SkippableFact]
    public void Script_0003_adds_the_senders_claims_to_an_outbox_of_schema_2_leaving_its_emails_unclaimed()
    {
        var database = postgres.CreateDatabase();
        Assert.Equal(2, Migrate(database, upTo: 2));
        TestPostgres.Execute(database, """
            INSERT INTO enquiries (id, created_at, urgent, payload) VALUES ('old-1', 1764590400000, 0, '{}');
            INSERT INTO outbox (enquiry_id, kind, message_id, status, next_attempt_at, mime) VALUES ('old-1', 'Notification', '<old@clinic.test>', 'pending', 1764590400000, '\x00');
            """);

        Assert.Equal(3, Migrate(database, upTo: 3));

        Assert.Equal([1, 2, 3], TestPostgres.Versions(database));
        Assert.Equal(new object?[] { "<old@clinic.test>", "pending", null, null },
            Assert.Single(TestPostgres.Query(database, "SELECT message_id, status, claimed_by, claimed_until FROM outbox")));
    }

    [SkippableFact]
    public void Script_0004_adds_chosen_passwords_and_reset_links_keeping_the_sessions_of_schema_3()
    {
        var database = postgres.CreateDatabase();
        Assert.Equal(3, Migrate(database, upTo: 3));
        TestPostgres.Execute(database, "INSERT INTO editor_sessions VALUES ('s1', 'rita', '2026-12-01T08:00:00.0000000Z', '2026-12-01T08:00:00.0000000Z')");

        Assert.Equal(4, Migrate(database, upTo: 4));

        Assert.Equal([1, 2, 3, 4], TestPostgres.Versions(database));
        Assert.Equal("rita", Assert.Single(TestPostgres.Query(database, "SELECT user_name FROM editor_sessions"))[0]);
        Assert.Equal(0L, TestPostgres.Query(database, "SELECT COUNT(*) FROM editor_passwords")[0][0]);
        Assert.Equal(0L, TestPostgres.Query(database, "SELECT COUNT(*) FROM password_resets")[0][0]);
    }

    [SkippableFact]
    public void Script_0005_adds_the_sign_in_throttle_and_keeps_the_editors_revisions_sessions_and_drafts_of_schema_4()
    {
        var database = postgres.CreateDatabase();
        Assert.Equal(4, Migrate(database, upTo: 4));
        TestPostgres.Execute(database, """
            INSERT INTO revisions (path, text, hash, status, created_utc, summary) VALUES ('pages/about.md', 'About us', 'h', 'Published', '2026-11-27T08:00:00.0000000Z', 'First');
            INSERT INTO editor_sessions VALUES ('0123456789abcdef0123456789abcdef', 'rita', '2026-11-27T08:00:00.0000000Z', '2026-11-27T08:00:00.0000000Z');
            INSERT INTO rescued_drafts VALUES ('fedcba9876543210fedcba9876543210', 'rita', 'pages/about.md', 'About', '{}', '2026-11-27T08:00:00.0000000Z');
            """);
        const string Editor = "SELECT r.id, r.text, s.id, d.id FROM revisions r, editor_sessions s, rescued_drafts d";
        var before = TestPostgres.Query(database, Editor);

        Assert.Equal(5, Migrate(database, upTo: 5));

        Assert.Equal([1, 2, 3, 4, 5], TestPostgres.Versions(database));
        Assert.Equal(before, TestPostgres.Query(database, Editor));
        Assert.Empty(TestPostgres.Query(database, "SELECT address FROM sign_in_addresses"));
        Assert.Empty(TestPostgres.Query(database, "SELECT account FROM sign_in_account_failures"));
    }

    [SkippableFact]
    public async Task A_second_instance_waits_for_the_first_ones_migration_then_finds_nothing_to_do()
    {
        var database = postgres.CreateDatabase();
        await using var first = new NpgsqlConnection(database);
        await first.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", first))
        {
            take.Parameters.AddWithValue("key", ClinicDatabase.MigrationLockKey);
            await take.ExecuteScalarAsync();
        }

        var second = Task.Run(() => Migrate(database));

        // The second waits on the lock (PostgreSQL lists it as not granted) and has created nothing.
        Assert.True(await HttpExtensions.EventuallyAsync(() => Task.FromResult(
            TestPostgres.Query(database, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")[0][0] is 1L), 10_000));
        Assert.False(second.IsCompleted);
        Assert.Empty(TestPostgres.Query(database, "SELECT tablename FROM pg_tables WHERE tablename = 'schema_migrations'"));
        // Meanwhile the first migrates, holding the lock; the second then finds every script applied.
        Assert.Equal(Latest, SchemaMigrations.Migrate(first, DatabaseSchema.Postgres));
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", first))
        {
            release.Parameters.AddWithValue("key", ClinicDatabase.MigrationLockKey);
            await release.ExecuteScalarAsync();
        }

        Assert.Equal(Latest, await second.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(AllVersions, TestPostgres.Versions(database));
    }

    [SkippableFact]
    public async Task Two_sites_starting_at_once_on_an_empty_database_both_start_and_each_script_runs_once()
    {
        var database = postgres.CreateDatabase();
        await using var a = OnPostgres(new EnquiryFactory(), database);
        await using var b = OnPostgres(new EnquiryFactory(), database);

        var answers = await Task.WhenAll(
            Task.Run(() => a.Client().GetAsync(new Uri("/healthz", UriKind.Relative))),
            Task.Run(() => b.Client().GetAsync(new Uri("/healthz", UriKind.Relative))));

        Assert.All(answers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(AllVersions, TestPostgres.Versions(database));
    }

    [SkippableFact]
    public async Task A_database_from_a_newer_version_is_left_as_it_is_and_healthz_says_why()
    {
        var database = postgres.CreateDatabase();
        Migrate(database);
        TestPostgres.Execute(database, $"INSERT INTO schema_migrations VALUES ({Latest + 1}, 'from_the_future', '2027-01-01T00:00:00Z')");

        await using var site = OnPostgres(new EnquiryFactory(), database);
        var health = await site.Client().GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var report = await site.HealthAsync();
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, report.Entries["database"].Status);
        Assert.Contains($"it was written by a newer version of the site (schema version {Latest + 1}; this version knows up to {Latest})", report.Entries["database"].Description, StringComparison.Ordinal);
        Assert.Equal([.. AllVersions, Latest + 1], TestPostgres.Versions(database));
    }

    [SkippableFact]
    public void A_script_that_fails_leaves_the_database_at_the_version_before_it()
    {
        var database = postgres.CreateDatabase();
        Migrate(database, upTo: 1);
        // A table made by hand makes script 0002's CREATE TABLE fail.
        TestPostgres.Execute(database, "CREATE TABLE data_protection_keys (id INTEGER)");

        var failure = Assert.Throws<StoreFileException>(() => Migrate(database));

        Assert.Contains("migration 0002_data_protection_keys failed", failure.Message, StringComparison.Ordinal);
        Assert.Contains("the database is left at schema version 1", failure.Message, StringComparison.Ordinal);
        Assert.Equal([1], TestPostgres.Versions(database));
    }

    internal static T OnPostgres<T>(T site, string connectionString)
        where T : SiteFactory
    {
        site.With("Data:Provider", "Postgres");
        site.With("ConnectionStrings:Clinic", connectionString);
        return site;
    }

    private static int Migrate(string connectionString, int? upTo = null)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return ClinicDatabase.Migrate(connection, DatabaseSchema.Postgres, upTo);
    }

    /// <summary>Each table of today's SQLite files (both at their latest schema), with its columns in order.</summary>
    private Dictionary<string, List<string>> SqliteColumns()
    {
        Dictionary<string, List<string>> tables = [];
        foreach (var (file, schema) in new[] { ("enquiries.db", DatabaseSchema.Enquiries), ("editor.db", DatabaseSchema.Editor) })
        {
            var path = Path.Combine(_folder, file);
            using (var connection = DataFiles.Open(path, readOnly: false))
            {
                SchemaMigrations.Migrate(connection, schema);
            }

            foreach (var table in DataFiles.Query(path, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'").Select(r => (string)r[0]!))
            {
                tables[table] = [.. DataFiles.Query(path, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid").Select(r => (string)r[0]!)];
            }
        }

        Assert.Equal(10, tables.Count);
        return tables;
    }

    private static List<string> PostgresColumns(string connectionString, string table) =>
        [.. TestPostgres.Query(connectionString, $"SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}' ORDER BY ordinal_position").Select(r => (string)r[0]!)];
}
