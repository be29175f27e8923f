using System.Net;
using FacetEducation.Tests.Enquiries;
using FacetEducation.Web.Admin;
using FacetEducation.Web.Data;
using FacetEducation.Web.Enquiries;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FacetEducation.Tests.Data;

/// <summary>
/// The numbered scripts of each database: a fresh folder, a folder written by the code before
/// migrations (the fixture), each script from the schema before it, a file from a newer version and
/// a script that fails.
/// </summary>
public sealed class MigrationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("data-migrations-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_fresh_data_folder_gets_the_schema_of_todays_fixture_upgraded_to_the_latest_version()
    {
        await using (var site = new EnquiryFactory())
        {
            site.With("Data:Path", _folder);
            Assert.Equal(HttpStatusCode.OK, (await site.Client().GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
            _ = site.Services.GetRequiredService<EditorDatabase>();
        }

        Assert.Equal([1, 2, 3], DataFiles.Versions(Path.Combine(_folder, "enquiries.db")));
        Assert.Equal([1, 2, 3, 4], DataFiles.Versions(Path.Combine(_folder, "editor.db")));
        Assert.Equal(DataFiles.MigratedFixtureSchema("enquiries.db", DatabaseSchema.Enquiries), DataFiles.Schema(Path.Combine(_folder, "enquiries.db")));
        Assert.Equal(DataFiles.MigratedFixtureSchema("editor.db", DatabaseSchema.Editor), DataFiles.Schema(Path.Combine(_folder, "editor.db")));
    }

    [Fact]
    public async Task A_data_folder_written_before_migrations_is_kept_and_its_pending_enquiry_is_delivered_once()
    {
        DataFiles.CopyFixture(_folder);
        var enquiries = Path.Combine(_folder, "enquiries.db");
        var editor = Path.Combine(_folder, "editor.db");
        var pending = DataScenario.PendingMessageIds(enquiries, DataFiles.FixtureEnquiryId);
        var revisions = DataScenario.Revisions(editor);
        Assert.Equal(2, pending.Count);
        Assert.Equal(["Pending", "Published", "Pending"], revisions.Skip(1).Select(r => r.Status));

        await using var sink = new SmtpSink().Start();
        await using (var site = new EnquiryFactory(sink, new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 13, 0, 0, TimeSpan.Zero))))
        {
            site.With("Data:Path", _folder);
            _ = site.Services.GetRequiredService<EditorDatabase>();
            var received = await sink.WaitForAsync(2);
            Assert.Equal(pending.Order(), received.Select(m => m.Message.MessageId).Order());
            await Eventually.TrueAsync(() => site.Store.CountByStatus()[OutboxStatus.Sent] == 2, TimeSpan.FromSeconds(10));
        }

        // A second start sends nothing again.
        await using (var again = new EnquiryFactory(sink))
        {
            again.With("Data:Path", _folder);
            Assert.Equal(2, again.Store.CountByStatus()[OutboxStatus.Sent]);
            await again.SenderIdleAsync();
        }

        Assert.Equal(2, sink.Received.Count);
        Assert.Equal([1, 2, 3], DataFiles.Versions(enquiries));
        Assert.Equal([1, 2, 3, 4], DataFiles.Versions(editor));
        // Every revision is still there (the shipped content, which lacks the signed-off change, adds one "changed outside the editor").
        Assert.Equal(revisions, DataScenario.Revisions(editor).Take(revisions.Count));
        Assert.Equal(DataFiles.MigratedFixtureSchema("editor.db", DatabaseSchema.Editor), DataFiles.Schema(editor));
    }

    [Fact]
    public void Script_0002_adds_the_replay_and_cap_columns_to_an_outbox_of_schema_1_keeping_its_rows()
    {
        var file = Path.Combine(_folder, "enquiries.db");
        using var connection = DataFiles.Open(file, readOnly: false);
        Assert.Equal(1, SchemaMigrations.Migrate(connection, DatabaseSchema.Enquiries, upTo: 1));
        InsertSchema1Enquiry(connection);

        Assert.Equal(2, SchemaMigrations.Migrate(connection, DatabaseSchema.Enquiries, upTo: 2));

        Assert.Equal([1, 2], DataFiles.Versions(file));
        var row = Assert.Single(DataFiles.Query(file, "SELECT o.message_id, o.status, o.recipient, o.queued_at, e.submission_key FROM outbox o JOIN enquiries e ON e.id = o.enquiry_id"));
        Assert.Equal(["<old@clinic.test>", "pending", null, null, null], row);
        Assert.Equal(DataFiles.FixtureSchema("enquiries.db"), DataFiles.Schema(file));
    }

    [Fact]
    public void An_outbox_from_before_the_replay_columns_and_before_migrations_is_upgraded()
    {
        var file = Path.Combine(_folder, "enquiries.db");
        using var connection = DataFiles.Open(file, readOnly: false);
        // What the first release's code created: script 0001, and no schema_migrations.
        using (var create = connection.CreateCommand())
        {
            create.CommandText = DatabaseSchema.Enquiries.Migrations[0].Sql;
            create.ExecuteNonQuery();
        }

        InsertSchema1Enquiry(connection);

        Assert.Equal(3, SchemaMigrations.Migrate(connection, DatabaseSchema.Enquiries));

        Assert.Equal([1, 2, 3], DataFiles.Versions(file));
        Assert.Equal("<old@clinic.test>", DataFiles.Query(file, "SELECT message_id FROM outbox WHERE recipient IS NULL")[0][0]);
        Assert.Equal(DataFiles.MigratedFixtureSchema("enquiries.db", DatabaseSchema.Enquiries), DataFiles.Schema(file));
    }

    [Fact]
    public void Script_0003_makes_the_outbox_a_mail_outbox_keeping_every_enquiry_email_and_its_id()
    {
        var file = Path.Combine(_folder, "enquiries.db");
        using var connection = DataFiles.Open(file, readOnly: false);
        Assert.Equal(2, SchemaMigrations.Migrate(connection, DatabaseSchema.Enquiries, upTo: 2));
        InsertSchema1Enquiry(connection);
        DataFiles.Execute(file, """
            INSERT INTO outbox (enquiry_id, kind, message_id, status, next_attempt_at, mime, recipient, queued_at, sent_at)
            VALUES ('old-1', 'Acknowledgement', '<ack@clinic.test>', 'sent', 1764590400000, x'01', 'visitor@example.org', 1764590400000, 1764590401000)
            """);
        var before = DataFiles.Query(file, "SELECT id, enquiry_id, kind, message_id, status, recipient, queued_at, sent_at FROM outbox ORDER BY id");

        Assert.Equal(3, SchemaMigrations.Migrate(connection, DatabaseSchema.Enquiries));

        Assert.Equal([1, 2, 3], DataFiles.Versions(file));
        Assert.Equal(before, DataFiles.Query(file, "SELECT id, enquiry_id, kind, message_id, status, recipient, queued_at, sent_at FROM outbox ORDER BY id"));
        // An email of the editor's belongs to no enquiry, once per key; a row must belong to one or the other.
        const string editorMail = "INSERT INTO outbox (editor_key, kind, message_id, status, next_attempt_at, mime, queued_at) VALUES ('review-due:a:2027-01-01:60:rita', 'ReviewReminder', '<r@clinic.test>', 'pending', 1, x'02', 1)";
        DataFiles.Execute(file, editorMail);
        Assert.Throws<SqliteException>(() => DataFiles.Execute(file, editorMail));
        Assert.Throws<SqliteException>(() => DataFiles.Execute(file, "INSERT INTO outbox (kind, message_id, status, next_attempt_at, mime) VALUES ('ReviewReminder', '<x@clinic.test>', 'pending', 1, x'03')"));
        // New rows carry on after the old ids, and deleting the enquiry (retention) takes its emails, not the editor's.
        Assert.Equal(3L, DataFiles.Query(file, "SELECT id FROM outbox WHERE editor_key IS NOT NULL")[0][0]);
        DataFiles.Execute(file, "PRAGMA foreign_keys = ON; DELETE FROM enquiries WHERE id = 'old-1'");
        Assert.Equal(["review-due:a:2027-01-01:60:rita"], DataFiles.Query(file, "SELECT editor_key FROM outbox").Select(r => (string)r[0]!));
    }

    [Fact]
    public void Editor_script_0001_brings_an_older_editor_file_to_todays_schema_keeping_its_revisions()
    {
        var file = Path.Combine(_folder, "editor.db");
        using var connection = DataFiles.Open(file, readOnly: false);
        // The first editor code: revisions and the lock-out table, before sessions and rescued drafts.
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE revisions (id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL, text TEXT NOT NULL, hash TEXT NOT NULL,
                    status TEXT NOT NULL, author TEXT NULL, author_name TEXT NULL, created_utc TEXT NOT NULL, summary TEXT NOT NULL,
                    minor INTEGER NOT NULL DEFAULT 0, signed_off_revision INTEGER NULL);
                CREATE INDEX ix_revisions_path ON revisions (path, id);
                CREATE TABLE sign_in_failures (user_name TEXT PRIMARY KEY, failures INTEGER NOT NULL, locked_until_utc TEXT NULL);
                INSERT INTO revisions (path, text, hash, status, created_utc, summary) VALUES ('pages/about.md', 'About us', 'h', 'Published', '2026-11-27T08:00:00Z', 'First');
                INSERT INTO sign_in_failures VALUES ('someone typed this', 3, NULL);
                """;
            create.ExecuteNonQuery();
        }

        Assert.Equal(1, SchemaMigrations.Migrate(connection, DatabaseSchema.Editor, upTo: 1));

        Assert.Equal(["About us"], DataFiles.Query(file, "SELECT text FROM revisions").Select(r => (string)r[0]!));
        Assert.Equal(DataFiles.FixtureSchema("editor.db"), DataFiles.Schema(file));
    }

    [Fact]
    public void Editor_script_0004_adds_scheduled_publications_to_an_editor_file_of_schema_3_keeping_its_revisions()
    {
        var file = Path.Combine(_folder, "editor.db");
        using var connection = DataFiles.Open(file, readOnly: false);
        Assert.Equal(3, SchemaMigrations.Migrate(connection, DatabaseSchema.Editor, upTo: 3));
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO revisions (path, text, hash, status, created_utc, summary) VALUES ('conditions/a.md', 'A', 'h', 'Pending', '2026-12-01T08:00:00Z', 'First')";
            insert.ExecuteNonQuery();
        }

        Assert.Equal(4, SchemaMigrations.Migrate(connection, DatabaseSchema.Editor));

        Assert.Equal([1, 2, 3, 4], DataFiles.Versions(file));
        Assert.Equal(["A"], DataFiles.Query(file, "SELECT text FROM revisions").Select(r => (string)r[0]!));
        Assert.Equal(0L, DataFiles.Query(file, "SELECT COUNT(*) FROM scheduled_publications").Single()[0]);
    }

    [Fact]
    public void Editor_script_0002_adds_chosen_passwords_and_reset_links_to_an_editor_file_of_schema_1_keeping_its_sessions()
    {
        var file = Path.Combine(_folder, "editor.db");
        using var connection = DataFiles.Open(file, readOnly: false);
        Assert.Equal(1, SchemaMigrations.Migrate(connection, DatabaseSchema.Editor, upTo: 1));
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO editor_sessions VALUES ('s1', 'rita', '2026-12-01T08:00:00.0000000Z', '2026-12-01T08:00:00.0000000Z')";
            insert.ExecuteNonQuery();
        }

        Assert.Equal(2, SchemaMigrations.Migrate(connection, DatabaseSchema.Editor, upTo: 2));

        Assert.Equal([1, 2], DataFiles.Versions(file));
        Assert.Equal(["rita"], DataFiles.Query(file, "SELECT user_name FROM editor_sessions").Select(r => (string)r[0]!));
        Assert.Equal(0L, DataFiles.Query(file, "SELECT COUNT(*) FROM editor_passwords").Single()[0]);
        Assert.Equal(0L, DataFiles.Query(file, "SELECT COUNT(*) FROM password_resets").Single()[0]);
    }

    [Fact]
    public void Editor_script_0003_adds_the_sign_in_throttle_to_a_file_of_schema_2_keeping_its_revisions_and_sessions()
    {
        var file = Path.Combine(_folder, "editor.db");
        using var connection = DataFiles.Open(file, readOnly: false);
        Assert.Equal(2, SchemaMigrations.Migrate(connection, DatabaseSchema.Editor, upTo: 2));
        DataFiles.Execute(file, """
            INSERT INTO revisions (path, text, hash, status, created_utc, summary) VALUES ('pages/about.md', 'About us', 'h', 'Published', '2026-11-27T08:00:00Z', 'First');
            INSERT INTO editor_sessions VALUES ('0123456789abcdef0123456789abcdef', 'rita', '2026-11-27T08:00:00Z', '2026-11-27T08:00:00Z');
            """);
        var before = DataFiles.Query(file, "SELECT r.id, r.text, s.id FROM revisions r, editor_sessions s");

        Assert.Equal(3, SchemaMigrations.Migrate(connection, DatabaseSchema.Editor, upTo: 3));

        Assert.Equal([1, 2, 3], DataFiles.Versions(file));
        Assert.Equal(before, DataFiles.Query(file, "SELECT r.id, r.text, s.id FROM revisions r, editor_sessions s"));
        // The throttle starts empty: nobody is made to wait by the upgrade.
        Assert.Empty(DataFiles.Query(file, "SELECT address FROM sign_in_addresses"));
        Assert.Empty(DataFiles.Query(file, "SELECT account FROM sign_in_account_failures"));
    }

    [Fact]
    public async Task A_file_from_a_newer_version_pauses_enquiries_with_a_clear_message_and_is_left_as_it_is()
    {
        DataFiles.CopyFixture(_folder);
        var file = Path.Combine(_folder, "enquiries.db");
        using (var connection = DataFiles.Open(file, readOnly: false))
        {
            SchemaMigrations.Migrate(connection, DatabaseSchema.Enquiries);
        }

        DataFiles.Execute(file, "INSERT INTO schema_migrations VALUES (4, 'from_the_future', '2027-01-01T00:00:00Z')");
        var schema = DataFiles.Schema(file);

        await using var site = new EnquiryFactory();
        site.With("Data:Path", _folder);
        var health = await site.Client().GetAsync(new Uri("/healthz", UriKind.Relative));

        var problem = site.Store.Problem!;
        Assert.Equal(StoreProblemKind.Schema, problem.Kind);
        Assert.Equal("enquiries.db in " + _folder + " cannot be used by this version of the site: it was written by a newer version of the site (schema version 4; this version knows up to 3): run the newer version again, or restore a backup made by this one; the site has paused enquiries",
            problem.Describe());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal([1, 2, 3, 4], DataFiles.Versions(file));
        Assert.Equal(schema, DataFiles.Schema(file));
        Assert.Single(DataFiles.Query(file, "SELECT id FROM enquiries"));
    }

    [Fact]
    public async Task A_script_that_fails_pauses_enquiries_and_leaves_the_file_at_the_version_before_it()
    {
        var file = Path.Combine(_folder, "enquiries.db");
        using (var connection = DataFiles.Open(file, readOnly: false))
        {
            SchemaMigrations.Migrate(connection, DatabaseSchema.Enquiries, upTo: 1);
            InsertSchema1Enquiry(connection);
        }

        // A column added by hand makes script 0002's first ALTER TABLE fail.
        DataFiles.Execute(file, "ALTER TABLE enquiries ADD COLUMN submission_key TEXT");

        await using var site = new EnquiryFactory();
        site.With("Data:Path", _folder);
        _ = site.Client();

        var problem = site.Store.Problem!;
        Assert.Equal(StoreProblemKind.Schema, problem.Kind);
        Assert.Contains("migration 0002_replay_and_caps failed", problem.Reason, StringComparison.Ordinal);
        Assert.Contains("duplicate column name: submission_key", problem.Reason, StringComparison.Ordinal);
        Assert.Contains("the file is left at schema version 1", problem.Reason, StringComparison.Ordinal);
        Assert.Equal([1], DataFiles.Versions(file));
        Assert.Empty(DataFiles.Query(file, "SELECT name FROM pragma_table_info('enquiries') WHERE name = 'request_hash'"));
        Assert.Single(DataFiles.Query(file, "SELECT id FROM outbox"));
    }

    private static void InsertSchema1Enquiry(SqliteConnection connection)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO enquiries (id, created_at, urgent, payload) VALUES ('old-1', 1764590400000, 0, '{}');
            INSERT INTO outbox (enquiry_id, kind, message_id, status, next_attempt_at, mime) VALUES ('old-1', 'Notification', '<old@clinic.test>', 'pending', 1764590400000, x'00');
            """;
        insert.ExecuteNonQuery();
    }
}
