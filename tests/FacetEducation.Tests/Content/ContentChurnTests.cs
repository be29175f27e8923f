using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Content;
using Microsoft.Extensions.DependencyInjection;

namespace FacetEducation.Tests.Content;

/// <summary>
/// Ordinary faults of a folder under version control, with the watcher on as in production: files
/// created, edited, broken and deleted while visitors read (a <c>git pull</c> does all four), and the
/// whole content folder moved away and put back (a deployment). The site keeps serving the last good
/// version and never answers 5xx: a file deleted between a reload's listing and its read, on the
/// debounce timer, must neither answer 500 nor end the process.
/// </summary>
public sealed class ContentChurnTests : IDisposable
{
    /// <summary>Enough files that a reload's listing takes long enough for deletions to land inside it.</summary>
    private const int ChurnFiles = 600;
    private const int ChurnRounds = 3000;

    private readonly SiteFactory _site = new();

    public void Dispose() => _site.Dispose();

    private ContentStore Store => _site.Services.GetRequiredService<ContentStore>();

    private static async Task<string> TitleOf(HttpClient client, string url)
    {
        var (response, doc) = await client.GetPageAsync(url);
        return response.StatusCode == HttpStatusCode.OK ? doc.QuerySelector("h1")?.TextContent ?? "" : $"HTTP {(int)response.StatusCode}";
    }

    [Fact]
    public async Task Files_created_edited_broken_and_deleted_under_readers_never_give_a_5xx_and_the_last_good_version_stays()
    {
        var client = _site.CreateClient();
        var steady = _site.WriteContent("conditions/steady.md", TestContent.Condition("Steady", "A steady body."));
        var doomed = _site.WriteContent("conditions/doomed.md", TestContent.Condition("Doomed", "Deleted for real at the end."));
        for (var i = 0; i < ChurnFiles; i++)
        {
            _site.WriteContent($"conditions/churn-{i}.md", TestContent.Condition($"Churn {i}", "Body."));
        }

        Store.Reload();
        Assert.Equal("Steady", await TitleOf(client, "/conditions/steady"));
        Assert.Equal("Doomed", await TitleOf(client, "/conditions/doomed"));

        var failures = new ConcurrentQueue<string>();
        var readerUrls = new[] { "/", "/conditions", "/conditions/steady", "/conditions/facet-joint-pain", "/blog", "/sitemap.xml", "/feed.xml", "/search?q=back", "/healthz" };
        using var stop = new CancellationTokenSource();

        async Task ReadAsync(int reader)
        {
            for (var i = reader; !stop.IsCancellationRequested; i++)
            {
                var url = i % 3 == 0 ? $"/conditions/churn-{i % ChurnFiles}" : readerUrls[i % readerUrls.Length];
                using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
                var body = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode >= 500)
                {
                    failures.Enqueue($"{url}: {(int)response.StatusCode}");
                }
                else if (url == "/conditions/steady" && (response.StatusCode != HttpStatusCode.OK || !body.Contains("A steady body.", StringComparison.Ordinal)))
                {
                    failures.Enqueue($"{url}: the last good version was not served ({(int)response.StatusCode})");
                }
            }
        }

        // One writer creates, edits, half-writes, breaks, renames away and back (as some editors save) and
        // deletes files; the steady article is broken and repaired again and again.
        void Churn()
        {
            var random = new Random(10);
            for (var round = 0; round < ChurnRounds; round++)
            {
                var path = Path.Combine(_site.ContentPath, "conditions", $"churn-{random.Next(ChurnFiles)}.md");
                try
                {
                    switch (random.Next(8))
                    {
                        case 0:
                        case 1:
                            File.WriteAllText(path, TestContent.Condition($"Churn {round}", "Body of round " + round + "."));
                            break;
                        case 2:
                            File.WriteAllText(path, "---\ntitle: Half writ");
                            break;
                        case 3:
                        case 4:
                        case 5:
                            File.Delete(path);
                            break;
                        case 6:
                            File.WriteAllText(steady, "---\ntitle: [broken\n---\n");
                            File.WriteAllText(steady, TestContent.Condition("Steady", "A steady body."));
                            break;
                        default:
                            if (File.Exists(path))
                            {
                                File.Move(path, path + ".away", overwrite: true);
                                File.Move(path + ".away", path, overwrite: true);
                            }

                            break;
                    }
                }
                catch (IOException)
                {
                    // A file the site had open for a moment: the next round writes it again.
                }
            }
        }

        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(() => ReadAsync(r))).ToArray();
        await Task.Run(Churn);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Empty(failures);

        // Afterwards the site settles on what is on disk: the deleted article is gone, the rest served.
        File.Delete(doomed);
        File.WriteAllText(Path.Combine(_site.ContentPath, "conditions", "churn-0.md"), TestContent.Condition("Churn survivor", "Body."));
        File.WriteAllText(steady, TestContent.Condition("Steady", "A steady body."));
        var snapshot = Store.Reload();
        Assert.Null(snapshot.FindCondition("doomed"));
        Assert.Equal("HTTP 404", await TitleOf(client, "/conditions/doomed"));
        Assert.Equal("Churn survivor", await TitleOf(client, "/conditions/churn-0"));
        Assert.Equal("Steady", await TitleOf(client, "/conditions/steady"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_content_folder_moved_away_keeps_the_last_good_version_and_a_new_folder_put_back_is_watched()
    {
        var client = _site.CreateClient();
        Assert.Equal("Facet joint pain", await TitleOf(client, "/conditions/facet-joint-pain"));

        var away = _site.ContentPath + "-away";
        Directory.Move(_site.ContentPath, away);
        var snapshot = Store.Reload();

        Assert.Equal("Facet joint pain", await TitleOf(client, "/conditions/facet-joint-pain"));
        Assert.NotNull(snapshot.FindCondition("facet-joint-pain"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        Assert.Contains(_site.Logs.Events, e => e.RenderMessage(CultureInfo.InvariantCulture).Contains("Content reload failed", StringComparison.Ordinal));
        Assert.Equal("Degraded", await client.GetStringAsync(new Uri("/healthz", UriKind.Relative)));

        // A deployment puts a new folder (a new directory, which the old watcher cannot see) in its place.
        var fresh = _site.ContentPath + "-fresh";
        TestContent.CopyDirectory(away, fresh);
        File.WriteAllText(Path.Combine(fresh, "conditions", "after-deploy.md"), TestContent.Condition("After the deploy", "Body."));
        Directory.Move(fresh, _site.ContentPath);
        Assert.True(await HttpExtensions.EventuallyAsync(async () => await TitleOf(client, "/conditions/after-deploy") == "After the deploy"));

        // And the watcher follows the new folder: a later hand edit shows without an explicit reload.
        _site.WriteContent("conditions/later.md", TestContent.Condition("A later edit", "Body."));
        Assert.True(await HttpExtensions.EventuallyAsync(async () => await TitleOf(client, "/conditions/later") == "A later edit"));
        Assert.Equal("Healthy", await client.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
    }
}
