using System.Diagnostics;
using System.Text.Json;
using FacetEducation.Tests.Admin;
using FacetEducation.Tests.Enquiries;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace FacetEducation.Tests.Data;

/// <summary>
/// <c>backup</c> and <c>restore</c> with real files: a backup taken while the site runs, restored into
/// fresh folders, started with the SMTP server up; what restore refuses; <c>--keep</c>; the verbs as
/// the published program runs them.
/// </summary>
public sealed class BackupRestoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("data-backup-").FullName;

    private string Backups => Path.Combine(_root, "backups");

    private string FreshData => Path.Combine(_root, "restored", "data");

    private string FreshContent => Path.Combine(_root, "restored", "content");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_backup_taken_while_the_site_runs_restores_every_pending_enquiry_revision_and_sign_off()
    {
        await using var sink = new SmtpSink();
        string backup;
        List<string> pending;
        List<(string, string, long?)> revisions;
        await using (var site = new EnquiryFactory(sink))
        {
            EditorSite.AddAccounts(site);
            var id = await DataScenario.PendingEnquiryAsync(site);
            await DataScenario.EditsAsync(site);
            pending = DataScenario.PendingMessageIds(Path.Combine(site.DataPath, "enquiries.db"), id);
            revisions = DataScenario.Revisions(Path.Combine(site.DataPath, "editor.db"));

            var (code, output, error) = Run("backup", Backups, "--keep", "3", $"--Data:Path={site.DataPath}", $"--Content:Path={site.ContentPath}");

            Assert.True(code == 0, error);
            backup = output.TrimEnd().Split('\n')[^1];
            Assert.Equal(Backups, Path.GetDirectoryName(backup));
            Assert.Matches(@"^facet-backup-\d{8}-\d{6}Z$", Path.GetFileName(backup));
            var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(backup, "backup.json"))).RootElement;
            Assert.Equal(3, manifest.GetProperty("schemaVersions").GetProperty("enquiries.db").GetInt32());
            var files = manifest.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).ToList();
            Assert.Contains("data/enquiries.db", files);
            Assert.Contains("data/editor.db", files);
            Assert.Contains(files, f => f.StartsWith("data/keys/key-", StringComparison.Ordinal));
            Assert.Contains("content/conditions/spinal-anatomy-explained.md", files);
            Assert.DoesNotContain(files, f => f.EndsWith("site.lock", StringComparison.Ordinal) || f.EndsWith("-wal", StringComparison.Ordinal));
            Assert.Equal(2, pending.Count);
        }

        var (restored, restoreOutput, restoreError) = Run("restore", backup, $"--Data:Path={FreshData}", $"--Content:Path={FreshContent}");

        Assert.True(restored == 0, restoreError);
        Assert.Contains("1 enquiries (2 emails to send when the site starts)", restoreOutput, StringComparison.Ordinal);
        Assert.Equal(revisions, DataScenario.Revisions(Path.Combine(FreshData, "editor.db")));
        Assert.Single(revisions, r => r.Item3 is not null);

        // The new server: the SMTP server is up, and the site on the restored folders sends what was pending, once.
        sink.Start();
        await using (var site = new EnquiryFactory(sink))
        {
            EditorSite.AddAccounts(site);
            site.With("Data:Path", FreshData).With("Content:Path", FreshContent);
            var client = site.Client();
            var received = await sink.WaitForAsync(2);
            Assert.Equal(pending.Order(), received.Select(m => m.Message.MessageId).Order());
            var (_, article) = await client.GetPageAsync("/conditions/spinal-anatomy-explained");
            Assert.Contains(DataScenario.SignedOffLine, article.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
            // The reviewer signs in and finds the second change still waiting for sign-off.
            var rita = await EditorSite.SignInAsync(site.Client(), "rita");
            var editor = await (await rita.GetAsync(new Uri(DataScenario.Condition, UriKind.Relative))).ParseAsync();
            Assert.NotNull(editor.GetElementById("sign-off-form"));
            await site.SenderIdleAsync();
        }

        Assert.Equal(2, sink.Received.Count);
    }

    [Fact]
    public async Task Restore_refuses_a_data_folder_a_site_is_running_on()
    {
        var backup = await BackupOfFixtureAsync();
        await using var site = new EnquiryFactory();
        _ = site.Client();

        var (code, _, error) = Run("restore", backup, $"--Data:Path={site.DataPath}", $"--Content:Path={FreshContent}");

        Assert.Equal(1, code);
        Assert.Equal($"restore failed: A site or a backup is using {site.DataPath} (it holds site.lock): stop the site first (systemctl stop facet-education), then restore into a fresh folder.", error.Trim());
        Assert.False(Directory.Exists(FreshContent));
    }

    [Fact]
    public async Task Restore_refuses_a_data_folder_or_content_folder_that_is_not_empty()
    {
        var backup = await BackupOfFixtureAsync();
        Directory.CreateDirectory(FreshData);
        await File.WriteAllTextAsync(Path.Combine(FreshData, "notes.txt"), "the operator's");

        var data = Run("restore", backup, $"--Data:Path={FreshData}", $"--Content:Path={FreshContent}");

        Assert.Equal(1, data.Code);
        Assert.Equal($"restore failed: The data folder {FreshData} is not empty: restore only into an empty or missing folder (move this one aside first).", data.Error.Trim());
        Assert.Equal(["notes.txt", "site.lock"], Names(FreshData));

        File.Delete(Path.Combine(FreshData, "notes.txt"));
        TestContent.CopyDirectory(TestContent.ShippedContentPath, FreshContent);
        var content = Run("restore", backup, $"--Data:Path={FreshData}", $"--Content:Path={FreshContent}");

        Assert.Equal(1, content.Code);
        Assert.Equal($"restore failed: The content folder {FreshContent} is not empty: restore only into an empty or missing folder (move this one aside first).", content.Error.Trim());
        Assert.Equal(["site.lock"], Names(FreshData));
    }

    [Fact]
    public async Task Restore_refuses_a_backup_that_is_damaged_or_incomplete()
    {
        var backup = await BackupOfFixtureAsync();
        var editor = Path.Combine(backup, "data", "editor.db");
        var bytes = await File.ReadAllBytesAsync(editor);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(editor, bytes);

        var damaged = Run("restore", backup, $"--Data:Path={FreshData}", $"--Content:Path={FreshContent}");

        Assert.Equal(1, damaged.Code);
        Assert.Equal($"restore failed: data/editor.db in {backup} is missing or damaged (its size or SHA-256 differs from backup.json): nothing was restored; choose another backup.", damaged.Error.Trim());
        Assert.False(Directory.Exists(FreshData));

        File.Delete(Path.Combine(backup, "backup.json"));
        var incomplete = Run("restore", backup, $"--Data:Path={FreshData}", $"--Content:Path={FreshContent}");

        Assert.Equal(1, incomplete.Code);
        Assert.Equal($"restore failed: {backup} is not a complete backup (it has no backup.json): choose a folder named facet-backup-YYYYMMDD-HHMMSSZ.", incomplete.Error.Trim());
    }

    [Fact]
    public async Task Keep_deletes_only_older_complete_backups()
    {
        var data = Path.Combine(_root, "data");
        await MigratedFixtureAsync(data);
        Directory.CreateDirectory(Path.Combine(Backups, "facet-backup-20200101-000000Z.incomplete"));
        Directory.CreateDirectory(Path.Combine(Backups, "facet-backup-20200101-000001Z"));
        Directory.CreateDirectory(Path.Combine(Backups, "the operator's notes"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero));
        List<string> made = [];
        for (var i = 0; i < 3; i++)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            Assert.True(DataCommands.Run(["backup", Backups, "--keep", "2", $"--Data:Path={data}", $"--Content:Path={TestContent.ShippedContentPath}"], output, error, time) == 0, error.ToString());
            made.Add(output.ToString().TrimEnd().Split('\n')[^1]);
            time.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal(
            ["facet-backup-20200101-000000Z.incomplete", "facet-backup-20200101-000001Z", "facet-backup-20261203-030000Z", "facet-backup-20261204-030000Z", "the operator's notes"],
            Names(Backups));
        Assert.Equal(made.Skip(1), Backup.Complete(Backups));
    }

    [Fact]
    public async Task The_verbs_run_as_the_published_program_does_without_a_public_address()
    {
        var data = Path.Combine(_root, "data");
        await MigratedFixtureAsync(data);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Data__Path"] = data,
            ["Content__Path"] = TestContent.ShippedContentPath,
        };

        var backup = await ProcessAsync(environment, "backup", Backups, "--keep", "1");
        var refused = await ProcessAsync(environment, "restore", Path.Combine(_root, "nowhere"));

        Assert.True(backup.Code == 0, backup.Error);
        var path = backup.Output.TrimEnd().Split('\n')[^1];
        Assert.True(File.Exists(Path.Combine(path, "backup.json")), backup.Output);
        Assert.Equal("", backup.Error);
        Assert.Equal(1, refused.Code);
        Assert.Equal($"restore failed: {Path.Combine(_root, "nowhere")} is not a complete backup (it has no backup.json): choose a folder named facet-backup-YYYYMMDD-HHMMSSZ.{Environment.NewLine}", refused.Error);
    }

    /// <summary>The fixture of today's data folder, migrated (as the site would on start), in <paramref name="data"/>.</summary>
    private static Task MigratedFixtureAsync(string data)
    {
        DataFiles.CopyFixture(data);
        foreach (var (file, schema) in new[] { ("enquiries.db", DatabaseSchema.Enquiries), ("editor.db", DatabaseSchema.Editor) })
        {
            using var connection = DataFiles.Open(Path.Combine(data, file), readOnly: false);
            SchemaMigrations.Migrate(connection, schema);
        }

        return Task.CompletedTask;
    }

    private async Task<string> BackupOfFixtureAsync()
    {
        var data = Path.Combine(_root, "data");
        await MigratedFixtureAsync(data);
        var (code, output, error) = Run("backup", Backups, $"--Data:Path={data}", $"--Content:Path={TestContent.ShippedContentPath}");
        Assert.True(code == 0, error);
        return output.TrimEnd().Split('\n')[^1];
    }

    private static List<string> Names(string folder) =>
        [.. Directory.GetFileSystemEntries(folder).Select(e => Path.GetFileName(e)).Order(StringComparer.Ordinal)];

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = DataCommands.Run(args, output, error, TimeProvider.System);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<(int Code, string Output, string Error)> ProcessAsync(Dictionary<string, string> environment, params string[] args)
    {
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FacetEducation.Web.dll"));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
