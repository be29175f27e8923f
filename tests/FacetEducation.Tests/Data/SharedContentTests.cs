using System.Globalization;
using System.Net;
using FacetEducation.Tests.Admin;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FacetEducation.Tests.Data;

/// <summary>
/// One content folder for several instances (docs/scaling.md): each notices a change it did not
/// make, with file-system events or without them, and the editor's writes take turns across
/// instances on PostgreSQL.
/// </summary>
public sealed class SharedContentTests(TestPostgres postgres) : IClassFixture<TestPostgres>
{
    [Fact]
    public async Task Without_file_system_events_the_poll_notices_a_change_within_its_interval()
    {
        // Watching off: as an instance on another machine, where the folder's events never arrive.
        using var site = new SiteFactory().With("Content:Watch", "false").With("Content:PollInterval", "00:00:00.200");
        var client = site.CreateClient();
        Assert.Equal("HTTP 404", await TitleOfAsync(client, "/conditions/neck-stiffness"));

        var path = site.WriteContent("conditions/neck-stiffness.md", TestContent.Condition("Neck stiffness", "Body."));
        Assert.True(await HttpExtensions.EventuallyAsync(async () => await TitleOfAsync(client, "/conditions/neck-stiffness") == "Neck stiffness"));

        // Same length, new words: the modification time alone tells the poll.
        File.WriteAllText(path, TestContent.Condition("Neck stiffnesz", "Body."));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        Assert.True(await HttpExtensions.EventuallyAsync(async () => await TitleOfAsync(client, "/conditions/neck-stiffness") == "Neck stiffnesz"));
    }

    [Fact]
    public async Task Without_file_system_events_or_a_poll_a_change_is_not_seen()
    {
        // The other half of the test above: what the poll is for.
        using var site = new SiteFactory().With("Content:Watch", "false");
        var client = site.CreateClient();

        site.WriteContent("conditions/neck-stiffness.md", TestContent.Condition("Neck stiffness", "Body."));

        Assert.False(await HttpExtensions.EventuallyAsync(async () => await TitleOfAsync(client, "/conditions/neck-stiffness") == "Neck stiffness", 1500));
    }

    [Fact]
    public void The_fingerprint_follows_names_sizes_and_times_and_never_a_linked_folder()
    {
        var root = Directory.CreateTempSubdirectory("facet-fingerprint-").FullName;
        var outside = Directory.CreateTempSubdirectory("facet-outside-").FullName;
        try
        {
            var file = Path.Combine(root, "pages", "about.md");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, "one");
            Directory.CreateSymbolicLink(Path.Combine(root, "linked"), outside);
            var first = ContentStore.Fingerprint(root);

            File.WriteAllText(Path.Combine(outside, "elsewhere.md"), "not content");
            Assert.Equal(first, ContentStore.Fingerprint(root));

            File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(1));
            var touched = ContentStore.Fingerprint(root);
            Assert.NotEqual(first, touched);

            File.Move(file, Path.Combine(root, "pages", "about-us.md"));
            Assert.NotEqual(touched, ContentStore.Fingerprint(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            Directory.Delete(outside, recursive: true);
        }
    }

    [SkippableFact]
    public async Task An_editors_save_waits_while_another_instance_holds_the_content_write_lock()
    {
        var database = postgres.CreateDatabase();
        using var site = PostgresMigrationTests.OnPostgres(new EditorSite(), database);
        var client = await site.SignedInAsync("eddie");
        const string edit = "/admin/edit/blog/desk-neck-tips";
        var page = await (await client.GetAsync(new Uri(edit, UriKind.Relative))).ParseAsync();
        var file = Path.Combine(site.ContentPath, "blog", "desk-neck-tips.md");
        var body = page.QuerySelector("#Form_Body")!.TextContent;

        // Another instance in the middle of a save: it holds the advisory lock on its own connection.
        await using var other = new NpgsqlConnection(database);
        await other.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", other))
        {
            take.Parameters.AddWithValue("key", ContentWriteLock.Key);
            await take.ExecuteScalarAsync();
        }

        var saving = client.SubmitAsync(page, edit, "#editor-form", new() { ["Form.Body"] = body + "\n\nA paragraph saved after the other instance's save." }, "#save-button");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(saving.IsCompleted, "the save did not wait for the other instance's");
        Assert.DoesNotContain("after the other instance's save", await File.ReadAllTextAsync(file), StringComparison.Ordinal);

        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", other))
        {
            release.Parameters.AddWithValue("key", ContentWriteLock.Key);
            await release.ExecuteScalarAsync();
        }

        var saved = await saving.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(edit + "?saved=published", saved.Location());
        Assert.Contains("after the other instance's save", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        // Held only while writing: nothing of this instance's is left holding it.
        Assert.Empty(TestPostgres.Query(database,
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
    }

    [SkippableFact]
    public async Task A_save_that_waits_too_long_for_another_instance_is_not_written_and_the_editor_is_told_to_try_again()
    {
        var database = postgres.CreateDatabase();
        using var site = PostgresMigrationTests.OnPostgres(new EditorSite(), database);
        var client = await site.SignedInAsync("eddie");
        site.Services.GetRequiredService<ContentWriteLock>().WaitAtMost = TimeSpan.FromMilliseconds(500);
        const string edit = "/admin/edit/blog/desk-neck-tips";
        var page = await (await client.GetAsync(new Uri(edit, UriKind.Relative))).ParseAsync();
        var file = Path.Combine(site.ContentPath, "blog", "desk-neck-tips.md");
        var before = await File.ReadAllTextAsync(file);
        var body = page.QuerySelector("#Form_Body")!.TextContent;
        await using var other = new NpgsqlConnection(database);
        await other.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", other))
        {
            take.Parameters.AddWithValue("key", ContentWriteLock.Key);
            await take.ExecuteScalarAsync();
        }

        var refused = await client.SubmitAsync(page, edit, "#editor-form", new() { ["Form.Body"] = body + "\n\nA save that waits its turn." }, "#save-button");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var answer = await refused.ParseAsync();
        Assert.Contains("another copy of the site is saving", answer.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(file));
        Assert.Contains(site.Logs.Events, e => e.RenderMessage(CultureInfo.InvariantCulture).Contains("the content write lock could not be taken", StringComparison.Ordinal));

        // Once the other instance is done, the same save goes through.
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", other))
        {
            release.Parameters.AddWithValue("key", ContentWriteLock.Key);
            await release.ExecuteScalarAsync();
        }

        var saved = await client.SubmitAsync(page, edit, "#editor-form", new() { ["Form.Body"] = body + "\n\nA save that waits its turn." }, "#save-button");
        Assert.Equal(edit + "?saved=published", saved.Location());
    }

    private static async Task<string> TitleOfAsync(HttpClient client, string url)
    {
        var (response, doc) = await client.GetPageAsync(url);
        return response.StatusCode == HttpStatusCode.OK ? doc.QuerySelector("h1")?.TextContent ?? "" : $"HTTP {(int)response.StatusCode}";
    }
}
