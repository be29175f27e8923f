using System.Net;
using System.Text.RegularExpressions;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Content;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FacetEducation.Tests.Http;

/// <summary>
/// The static copy written as files for nginx (Site:PageFilesPath): what nginx finds behind
/// <c>current</c> is exactly what the site sent, only for the current content and day, and never a
/// page an earlier run or an older version wrote.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class PageFilesTests : IDisposable
{
    private const string Article = "/conditions/facet-joint-pain";
    private static readonly Uri PublicUrl = new("https://clinic.test");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
    private readonly SiteFactory _site;
    private readonly string _pages;

    public PageFilesTests()
    {
        _site = new SiteFactory { Time = _time };
        _pages = Path.Combine(_site.Root, "pages");
        _site.With("Site:PublicUrl", "https://clinic.test").With("Site:PageFilesPath", _pages);
    }

    private string Current => Path.Combine(_pages, "current");

    public void Dispose() => _site.Dispose();

    [Theory]
    [InlineData("br", "page.br")]
    [InlineData("gzip", "page.gz")]
    [InlineData(null, "page.html")]
    public async Task A_page_is_written_as_sent_dated_by_its_last_modified_and_readable_by_nginx(string? encoding, string fileName)
    {
        using var client = _site.CreateDefaultClient(PublicUrl);
        var (response, body) = await GetAsync(client, Article, encoding);

        var file = Path.Combine(Current, "conditions/facet-joint-pain", fileName);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(File.Exists(file), $"{file} was not written");
        Assert.Equal(body, await File.ReadAllBytesAsync(file));
        Assert.Equal(response.Content.Headers.LastModified!.Value.UtcDateTime, File.GetLastWriteTimeUtc(file));
        // nginx runs as another user: it reads the file and enters every folder on the way.
        Assert.True(File.GetUnixFileMode(file).HasFlag(UnixFileMode.OtherRead));
        for (var folder = Path.GetDirectoryName(file)!; folder != _site.Root; folder = Path.GetDirectoryName(folder)!)
        {
            Assert.True(File.GetUnixFileMode(folder).HasFlag(UnixFileMode.OtherExecute), folder + " is closed to nginx");
        }
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(file)!, "*.tmp"));
    }

    [Fact]
    public async Task A_revalidation_from_nginx_after_a_start_is_answered_in_full_and_written()
    {
        // nginx still holds this page from before the site restarted, and asks whether it changed.
        using var client = _site.CreateDefaultClient(PublicUrl);
        var (previousRun, _) = await GetAsync(client, Article, "br");
        using var site = new SiteFactory { Time = _time };
        site.With("Site:PublicUrl", "https://clinic.test").With("Site:PageFilesPath", Path.Combine(site.Root, "pages"));
        using var restarted = site.CreateDefaultClient(PublicUrl);
        using var request = new HttpRequestMessage(HttpMethod.Get, Article);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br");
        request.Headers.IfNoneMatch.Add(previousRun.Headers.ETag!);
        request.Headers.IfModifiedSince = previousRun.Content.Headers.LastModified;

        using var response = await restarted.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await response.Content.ReadAsByteArrayAsync(),
            await File.ReadAllBytesAsync(Path.Combine(site.Root, "pages/current/conditions/facet-joint-pain/page.br")));
    }

    [Fact]
    public async Task The_home_page_is_the_file_at_the_top_of_the_folder()
    {
        using var client = _site.CreateDefaultClient(PublicUrl);
        var (_, body) = await GetAsync(client, "/", "br");

        Assert.Equal(body, await File.ReadAllBytesAsync(Path.Combine(Current, "page.br")));
    }

    [Theory]
    [InlineData("/feed.xml")]
    [InlineData("/Conditions/Facet-Joint-Pain")]
    [InlineData("/contact")]
    [InlineData("/search?q=back")]
    [InlineData("/no-such-page")]
    public async Task Only_html_content_pages_at_lower_case_addresses_are_written(string url)
    {
        using var client = _site.CreateDefaultClient(PublicUrl);
        await GetAsync(client, url, "br");
        await GetAsync(client, url, "br");

        Assert.Empty(Directory.EnumerateFiles(Current, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_content_change_points_nginx_at_a_new_empty_folder_and_deletes_the_old_one()
    {
        using var client = _site.CreateDefaultClient(PublicUrl);
        await GetAsync(client, Article, "br");
        var before = ResolvedCurrent();
        Assert.True(File.Exists(Path.Combine(before, "conditions/facet-joint-pain/page.br")));

        var file = Path.Combine(_site.ContentPath, "conditions/facet-joint-pain.md");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("## What are facet joints?", "## What are facet joints? Edited", StringComparison.Ordinal));
        _site.Services.GetRequiredService<ContentStore>().Reload();

        var after = ResolvedCurrent();
        Assert.NotEqual(before, after);
        Assert.False(Directory.Exists(before), "the old version's folder is still there");
        Assert.Empty(Directory.EnumerateFiles(after, "*", SearchOption.AllDirectories));

        // The watcher also sees the edit and may start one more version (same text, a new empty
        // folder), so the page is asked for until the current folder has its file.
        byte[] body = [];
        var page = "";
        Assert.True(await HttpExtensions.EventuallyAsync(async () =>
        {
            (_, body) = await GetAsync(client, Article, null);
            page = Path.Combine(ResolvedCurrent(), "conditions/facet-joint-pain/page.html");
            return File.Exists(page);
        }), "the edited page was never written to the current folder");
        Assert.Contains("Edited", await File.ReadAllTextAsync(page), StringComparison.Ordinal);
        Assert.Equal(body, await File.ReadAllBytesAsync(page));
    }

    [Fact]
    public async Task A_new_day_points_nginx_at_a_new_folder_without_a_request()
    {
        using var client = _site.CreateDefaultClient(PublicUrl);
        await GetAsync(client, Article, "br");
        var before = ResolvedCurrent();

        // Past the clinic's midnight, and past the site's next look at the date.
        _time.Advance(TimeSpan.FromHours(13));
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.NotEqual(before, ResolvedCurrent());
        Assert.Empty(Directory.EnumerateFiles(Current, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_start_never_serves_an_earlier_runs_pages()
    {
        // What an earlier run left: a page of older content, with current pointing at it.
        var old = Path.Combine(_pages, "earlier-run-7");
        Directory.CreateDirectory(Path.Combine(old, "conditions/facet-joint-pain"));
        await File.WriteAllTextAsync(Path.Combine(old, "conditions/facet-joint-pain/page.html"), "old content");
        File.CreateSymbolicLink(Current, "earlier-run-7");

        using var client = _site.CreateDefaultClient(PublicUrl);

        Assert.False(Directory.Exists(old), "an earlier run's pages are still there");
        Assert.Empty(Directory.EnumerateFiles(Current, "*", SearchOption.AllDirectories));
        var (_, body) = await GetAsync(client, Article, null);
        Assert.Equal(body, await File.ReadAllBytesAsync(Path.Combine(Current, "conditions/facet-joint-pain/page.html")));
    }

    [Fact]
    public async Task Deploy_nginx_sends_a_page_file_with_the_headers_the_site_sends_with_the_page()
    {
        var conf = File.ReadAllText(Path.Combine(TestContent.RepositoryRoot, "deploy/nginx/facet-education.conf"));
        var location = PageLocation().Match(conf);
        Assert.True(location.Success, "no page-file location (root .../current) in deploy/nginx/facet-education.conf");
        var nginx = AddHeader().Matches(location.Value)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value, StringComparer.OrdinalIgnoreCase);
        var defaultType = DefaultType().Match(location.Value).Groups[1].Value;

        using var production = new SiteFactory { EnvironmentName = "Production" };
        production.With("Site:PublicUrl", "https://clinic.test").With("Proxy:KnownProxies:0", "127.0.0.1");
        using var client = production.CreateDefaultClient(PublicUrl);
        using var request = new HttpRequestMessage(HttpMethod.Get, Article);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br");
        using var response = await client.SendAsync(request);
        var site = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not ("ETag" or "Last-Modified" or "Content-Length" or "Content-Type" or "Content-Encoding"))
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(response.Content.Headers.ContentType!.ToString(), defaultType);
        // Content-Encoding comes from the file's name ($facet_page_encoding); X-Cache-Status says FILE.
        Assert.Equal("$facet_page_encoding", nginx["Content-Encoding"]);
        Assert.Equal(site.OrderBy(h => h.Key), nginx.Where(h => h.Key is not ("Content-Encoding" or "X-Cache-Status")).OrderBy(h => h.Key));
    }

    [Theory]
    [InlineData("relative/pages", "https://clinic.test")]
    [InlineData("/var/cache/facet-education/pages", null)]
    public void Page_files_need_an_absolute_folder_and_a_public_address(string folder, string? publicUrl)
    {
        using var site = new SiteFactory().With("Site:PageFilesPath", folder).With("Site:PublicUrl", publicUrl);

        var error = Record.Exception(() => site.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("Site:PageFilesPath must be an absolute folder path, needs Site:PublicUrl", error.ToString(), StringComparison.Ordinal);
    }

    private string ResolvedCurrent() =>
        Path.Combine(_pages, new FileInfo(Current).LinkTarget ?? throw new InvalidOperationException("current is not a link"));

    private static Task<(HttpResponseMessage Response, byte[] Body)> GetAsync(HttpClient client, string url, string? encoding) =>
        StaticCopyTests.GetAsync(client, url, encoding);

    [GeneratedRegex(@"location / \{\s*root [^;]*/current;.*?\n    \}", RegexOptions.Singleline)]
    private static partial Regex PageLocation();

    [GeneratedRegex(@"add_header ([A-Za-z-]+) (?:""([^""]*)""|([^\s;]+));")]
    private static partial Regex AddHeader();

    [GeneratedRegex(@"default_type ""([^""]*)"";")]
    private static partial Regex DefaultType();
}
