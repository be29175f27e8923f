using System.Text.Json;
using FacetEducation.Tests.Enquiries;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Data;
using FacetEducation.Web.Data.Postgres;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace FacetEducation.Tests.Data;

/// <summary>
/// <c>backup</c> and <c>restore</c> with <c>Data:Provider=Postgres</c> on a real server: Debian's
/// pg_dump and pg_restore, a pending enquiry delivered once from a fresh database, what restore
/// refuses, and the password kept out of every message.
/// </summary>
public sealed class PostgresBackupRestoreTests(TestPostgres postgres) : IClassFixture<TestPostgres>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("data-pg-backup-").FullName;

    private string Backups => Path.Combine(_root, "backups");

    private string FreshData => Path.Combine(_root, "restored", "data");

    private string FreshContent => Path.Combine(_root, "restored", "content");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [SkippableFact]
    public async Task A_pending_enquiry_backed_up_from_postgres_is_delivered_once_after_restore_into_an_empty_database()
    {
        var database = postgres.CreateDatabase();
        await using var sink = new SmtpSink();
        string backup;
        List<string> pending;
        await using (var site = PostgresMigrationTests.OnPostgres(new EnquiryFactory(sink), database))
        {
            var id = await DataScenario.PendingEnquiryAsync(site);
            // A sign-off in the editor's history, which is in the same database.
            site.WriteContent(Reviewed, TestContent.Condition("Reviewed example", "Some text."));
            await site.RecordSignOffAsync(Reviewed);
            pending = [.. TestPostgres.Query(database, $"SELECT message_id FROM outbox WHERE enquiry_id = '{id}' AND status = 'pending' ORDER BY id").Select(r => (string)r[0]!)];
            // A sender of the old server holds its emails (it was trying the mail server when the backup ran).
            TestPostgres.Execute(database, $"UPDATE outbox SET claimed_by = 'old-server', claimed_until = {DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds()} WHERE enquiry_id = '{id}'");

            var (code, output, error) = Run("backup", Backups, "--Data:Provider=Postgres", $"--ConnectionStrings:Clinic={database}", $"--Data:Path={site.DataPath}", $"--Content:Path={site.ContentPath}");

            Assert.True(code == 0, error);
            Assert.DoesNotContain(Password(database), output + error, StringComparison.Ordinal);
            backup = output.TrimEnd().Split('\n')[^1];
            Assert.Matches(@"^facet-backup-\d{8}-\d{6}Z$", Path.GetFileName(backup));
            var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(backup, "backup.json"))).RootElement;
            Assert.Equal("Postgres", manifest.GetProperty("provider").GetString());
            Assert.Equal(TestPostgres.Versions(database)[^1], manifest.GetProperty("schemaVersions").GetProperty("clinic").GetInt32());
            var files = manifest.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).ToList();
            Assert.Contains("data/clinic.dump", files);
            // The editor's data is in the dump: no SQLite file is made or backed up.
            Assert.DoesNotContain("data/editor.db", files);
            Assert.DoesNotContain("data/enquiries.db", files);
            Assert.False(File.Exists(Path.Combine(site.DataPath, "editor.db")));
            Assert.Equal(["clinic"], manifest.GetProperty("schemaVersions").EnumerateObject().Select(p => p.Name));
            Assert.Contains("content/conditions/spinal-anatomy-explained.md", files);
            Assert.Equal(2, pending.Count);
        }

        var fresh = postgres.CreateDatabase();
        var (restored, restoreOutput, restoreError) = Run("restore", backup, "--Data:Provider=Postgres", $"--ConnectionStrings:Clinic={fresh}", $"--Data:Path={FreshData}", $"--Content:Path={FreshContent}");

        Assert.True(restored == 0, restoreError);
        Assert.Matches(@"1 enquiries \(2 emails to send when the site starts\), [1-9]\d* revisions \(1 sign-offs\)\.", restoreOutput);
        Assert.DoesNotContain(Password(fresh), restoreOutput + restoreError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(FreshData, "editor.db")));

        // No claim survives the restore: the old server's senders are gone.
        Assert.Empty(TestPostgres.Query(fresh, "SELECT id FROM outbox WHERE claimed_by IS NOT NULL"));

        // The new server: the SMTP server is up, and a site on the restored database sends what was pending, once.
        sink.Start();
        await using (var site = PostgresMigrationTests.OnPostgres(new EnquiryFactory(sink), fresh))
        {
            site.With("Data:Path", FreshData).With("Content:Path", FreshContent);
            // The sign-off came along: the public page shows the review it backs.
            var (page, doc) = await site.CreateClient().GetPageAsync("/conditions/reviewed-example");
            Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Reviewed by Test Reviewer", doc.QuerySelector(".review")!.TextContent, StringComparison.Ordinal);
            var received = await sink.WaitForAsync(2);
            Assert.Equal(pending.Order(), received.Select(m => m.Message.MessageId).Order());
            // Marked sent once the server has answered, a moment after the sink has the message.
            await Eventually.TrueAsync(() => TestPostgres.Query(fresh, "SELECT id FROM outbox WHERE status = 'sent'").Count == 2, TimeSpan.FromSeconds(10));
            await site.SenderIdleAsync();
            Assert.DoesNotContain(Password(fresh), site.Logs.AllText, StringComparison.Ordinal);
        }

        Assert.Equal(2, sink.Received.Count);
    }

    [SkippableFact]
    public async Task Restore_refuses_a_database_that_is_not_empty_and_a_backup_made_on_the_other_provider()
    {
        var database = postgres.CreateDatabase();
        string backup;
        await using (var site = PostgresMigrationTests.OnPostgres(new EnquiryFactory(), database))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await site.Client().GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
            var (code, output, error) = Run("backup", Backups, "--Data:Provider=Postgres", $"--ConnectionStrings:Clinic={database}", $"--Data:Path={site.DataPath}", $"--Content:Path={site.ContentPath}");
            Assert.True(code == 0, error);
            backup = output.TrimEnd().Split('\n')[^1];
        }

        // The database the backup came from: the site's tables are there.
        var full = Run("restore", backup, "--Data:Provider=Postgres", $"--ConnectionStrings:Clinic={database}", $"--Data:Path={FreshData}", $"--Content:Path={FreshContent}");

        Assert.Equal(1, full.Code);
        var where = new NpgsqlConnectionStringBuilder(database);
        Assert.StartsWith($"restore failed: The database {where.Host}:{where.Port}/{where.Database} (ConnectionStrings:Clinic) is not empty (it has ", full.Error, StringComparison.Ordinal);
        Assert.Contains("public.schema_migrations", full.Error, StringComparison.Ordinal);
        Assert.Contains("restore only into a new, empty database", full.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password(database), full.Output + full.Error, StringComparison.Ordinal);
        Assert.Equal(["site.lock"], Directory.GetFileSystemEntries(FreshData).Select(Path.GetFileName));
        Assert.False(Directory.Exists(FreshContent));

        // The site here runs on SQLite: the dump has nowhere to go.
        var other = Run("restore", backup, $"--Data:Path={FreshData}", $"--Content:Path={FreshContent}");

        Assert.Equal(1, other.Code);
        Assert.Equal($"restore failed: {backup} was made with Data:Provider=Postgres, and this site is set to Sqlite: restore it with Data:Provider=Postgres and ConnectionStrings:Clinic naming an empty database, as the site that made it ran.", other.Error.Trim());
        Assert.False(Directory.Exists(FreshContent));
    }

    [SkippableFact]
    public async Task A_failed_dump_says_what_pg_dump_said_without_the_password_and_leaves_no_backup()
    {
        var database = postgres.CreateDatabase();
        await using var site = PostgresMigrationTests.OnPostgres(new EnquiryFactory(), database);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await site.Client().GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        var wrong = new NpgsqlConnectionStringBuilder(database) { Password = "not-the-password-" + Guid.NewGuid().ToString("N") }.ConnectionString;

        var (code, output, error) = Run("backup", Backups, "--Data:Provider=Postgres", $"--ConnectionStrings:Clinic={wrong}", $"--Data:Path={site.DataPath}", $"--Content:Path={site.ContentPath}");

        Assert.Equal(1, code);
        Assert.StartsWith("backup failed: pg_dump of ", error, StringComparison.Ordinal);
        Assert.Contains("password authentication failed", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password(wrong), output + error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Backups));
    }

    [SkippableFact]
    public async Task Backup_without_pg_dump_names_the_package_to_install_and_leaves_no_backup()
    {
        var database = postgres.CreateDatabase();
        await using var site = PostgresMigrationTests.OnPostgres(new EnquiryFactory(), database);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await site.Client().GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        var folders = SiteFolders.From(new ConfigurationBuilder()
            .AddInMemoryCollection([new("Data:Path", site.DataPath), new("Content:Path", site.ContentPath)]).Build(), _root);
        // A machine with neither the PATH's nor Debian's copy of the tools.
        var clinic = new ClinicDump(database) { ToolFolders = [Path.Combine(_root, "no-tools-here")] };

        var failure = Assert.Throws<CommandException>(() => Backup.Run(folders, clinic, Backups, keep: null, DateTimeOffset.UtcNow, TextWriter.Null));

        Assert.Equal("pg_dump was not found (on the PATH or in /usr/lib/postgresql/*/bin): install Debian's postgresql-client package (apt-get install postgresql-client), at the server's major version or newer.", failure.Message);
        Assert.Empty(Directory.GetFileSystemEntries(Backups));
    }

    private const string Reviewed = "conditions/reviewed-example.md";

    private static string Password(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Password!;

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = DataCommands.Run(args, output, error, TimeProvider.System);
        return (code, output.ToString(), error.ToString());
    }
}
