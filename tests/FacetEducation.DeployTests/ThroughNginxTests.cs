using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using FacetEducation.DeployTests.Infrastructure;
using Xunit.Abstractions;

namespace FacetEducation.DeployTests;

/// <summary>
/// What a visitor meets at https://clinic.test: Debian's nginx with deploy/'s site file in front of
/// the published site, each test as one or more visitors from their own loopback addresses.
/// </summary>
[Collection(DeployedSiteCollection.Name)]
public sealed class ThroughNginxTests(DeployedSite deployed, ITestOutputHelper output)
{
    private static readonly HtmlParser Html = new();
    private readonly HttpClient _visitor = deployed.Visitors.From("127.0.0.2");

    [Theory]
    [InlineData("/")]
    [InlineData("/conditions/facet-joint-pain")]
    [InlineData("/blog")]
    [InlineData("/about")]
    public async Task Pages_come_over_https_and_http2_with_hsts_and_public_links(string path)
    {
        using var response = await _visitor.GetAsync(new Uri(path, UriKind.Relative));
        var page = await Html.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Contains("Chris Heywood Physio", page.QuerySelector(".site-header__name")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(DeployedSite.PublicUrl + (path == "/" ? "/" : path), page.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
        Assert.StartsWith("max-age=", Hsts(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_http_is_redirected_to_the_public_https_address()
    {
        using var response = await _visitor.GetAsync(new Uri(
            string.Create(CultureInfo.InvariantCulture, $"http://{DeployedSite.ServerName}:{DeployedSite.HttpPort}/about?from=print")));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(new Uri(DeployedSite.PublicUrl + "/about?from=print"), response.Headers.Location);
        Assert.Null(Hsts(response));
    }

    [Fact]
    public async Task Forged_host_never_reaches_a_page()
    {
        const string Forged = "evil.example.com";
        var request = $"GET /about HTTP/1.1\nHost: {Forged}\nConnection: close\n\n";

        // Through nginx: the right TLS name with a forged Host, a forged TLS name, and plain http.
        var withRightTlsName = await deployed.Visitors.RawAsync(DeployedSite.HttpsPort, DeployedSite.ServerName, request);
        var withForgedTlsName = await deployed.Visitors.RawAsync(DeployedSite.HttpsPort, Forged, request);
        var overHttp = await deployed.Visitors.RawAsync(DeployedSite.HttpPort, null, request);
        // Around nginx, straight to the site's own port.
        var direct = await deployed.Visitors.RawAsync(DeployedSite.SitePort, null, request);

        Assert.Equal("", withRightTlsName);
        Assert.StartsWith("TLS: ", withForgedTlsName, StringComparison.Ordinal);
        Assert.Equal("", overHttp);
        Assert.StartsWith("HTTP/1.1 400 ", direct, StringComparison.Ordinal);
        Assert.DoesNotContain(Forged, direct, StringComparison.Ordinal);

        // Nothing kept for reuse took the forged name, with or without compression.
        foreach (var path in new[] { "/about", "/blog", "/feed.xml", "/sitemap.xml" })
        {
            foreach (var encoding in new[] { "identity", "gzip" })
            {
                var body = await TextAsync(path, encoding);
                Assert.DoesNotContain(Forged, body, StringComparison.Ordinal);
                Assert.Contains(DeployedSite.PublicUrl + "/", body, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Cookies_are_secure_and_the_clinician_signs_in_through_the_proxy()
    {
        using var contact = await _visitor.GetAsync(new Uri("/contact", UriKind.Relative));
        var contactCookie = Assert.Single(SetCookies(contact));
        using var signInPage = await _visitor.GetAsync(new Uri("/admin/sign-in", UriKind.Relative));
        var antiforgery = Assert.Single(SetCookies(signInPage));
        var form = await Html.ParseDocumentAsync(await signInPage.Content.ReadAsStringAsync());
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");

        using var post = new HttpRequestMessage(HttpMethod.Post, "/admin/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = "clinician",
                ["password"] = DeployedSite.EditorPassword,
                ["__RequestVerificationToken"] = token ?? "",
            }),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        using var signedIn = await _visitor.SendAsync(post);
        var session = SetCookies(signedIn).Single(c => c.StartsWith("facet_editor=", StringComparison.Ordinal));
        using var dashboard = new HttpRequestMessage(HttpMethod.Get, "/admin");
        dashboard.Headers.Add("Cookie", session.Split(';')[0]);
        using var admin = await _visitor.SendAsync(dashboard);

        Assert.Contains("; secure", contactCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/admin", signedIn.Headers.Location?.OriginalString);
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("Test Clinician", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limit_counts_each_visitor_behind_the_proxy_and_ignores_a_forged_forwarded_for()
    {
        var first = deployed.Visitors.From("127.0.0.3");
        var second = deployed.Visitors.From("127.0.0.5");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var accepted = await Enquiry.SendAsync(first, $"limit-{i}@example.com");
            statuses.Add(accepted.StatusCode);
        }

        using var limited = await Enquiry.SendAsync(first, "limit-5@example.com");
        using var forged = await Enquiry.SendAsync(first, "limit-6@example.com", forwardedFor: "203.0.113.9");
        using var other = await Enquiry.SendAsync(second, "other@example.com");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s));
        // The site's own answer (ProblemDetails), not nginx's: the site saw this visitor's address.
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.TooManyRequests, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
    }

    [Theory]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("identity", null)]
    public async Task Pages_are_served_from_the_sites_files_with_the_sites_own_headers(string encoding, string? sent)
    {
        const string Path = "/conditions/spinal-anatomy-explained";
        // The first visit after a start or an edit is the site's (or, for a second or so, the
        // micro-cache's copy): the site writes the file before it answers.
        var clock = Stopwatch.StartNew();
        var file = await GetAsync(Path, encoding);
        while (CacheStatus(file) != "FILE" && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            file.Dispose();
            await Task.Delay(50);
            file = await GetAsync(Path, encoding);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path} ({encoding}) served from a file after {clock.Elapsed.TotalMilliseconds:F0} ms"));
        using var served = file;
        using var site = await deployed.Visitors.DirectAsync(Path, sent ?? "");
        var fileBody = await file.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.True(CacheStatus(file) == "FILE", "not FILE but " + CacheStatus(file) + ":\n"
            + string.Join("\n", Directory.EnumerateFileSystemEntries(deployed.Local(DeployedSite.CacheFolder), "*", SearchOption.AllDirectories).Take(20))
            + "\n" + deployed.Site.Output);
        Assert.Equal(sent, file.Content.Headers.ContentEncoding.SingleOrDefault());
        Assert.Equal(await site.Content.ReadAsByteArrayAsync(), fileBody);
        // Every header the site sends with the page, with the site's value, and no other.
        var siteHeaders = site.Headers.Concat(site.Content.Headers)
            .Where(h => !PerResponse.Contains(h.Key))
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        var fileHeaders = file.Headers.Concat(file.Content.Headers)
            .Where(h => !PerResponse.Contains(h.Key) && h.Key != "X-Cache-Status")
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        var differ = siteHeaders.Keys.Union(fileHeaders.Keys, StringComparer.OrdinalIgnoreCase)
            .Where(k => siteHeaders.GetValueOrDefault(k) != fileHeaders.GetValueOrDefault(k))
            .Select(k => $"{k}: site '{siteHeaders.GetValueOrDefault(k)}', nginx '{fileHeaders.GetValueOrDefault(k)}'");
        Assert.Empty(differ);
        Assert.StartsWith("max-age=", Hsts(file), StringComparison.Ordinal);

        // nginx's own validator: a browser that has the page gets a 304.
        using var again = new HttpRequestMessage(HttpMethod.Get, Path);
        again.Headers.Add("Accept-Encoding", encoding);
        again.Headers.TryAddWithoutValidation("If-None-Match", file.Headers.ETag!.ToString());
        using var notModified = await _visitor.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Micro_cache_serves_what_has_no_file_and_revalidates_it_with_the_sites_validators()
    {
        // The feed: a content page the site keeps, but not as a file (not HTML).
        const string Path = "/feed.xml";
        // A client without compression first: its copy must not be what browsers get afterwards.
        using var plain = await GetAsync(Path, "identity");
        var browser = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            browser.Add(await GetAsync(Path, "gzip, deflate, br"));
        }

        // Past the copy's life (one second, counted by nginx in whole seconds: 1 to 2 s), nginx asks
        // the site again with If-None-Match and gets a 304.
        await Task.Delay(TimeSpan.FromMilliseconds(2100));
        using var later = await GetAsync(Path, "gzip, deflate, br");
        using var plainAgain = await GetAsync(Path, "identity");

        output.WriteLine(Path + ", browser: " + string.Join(", ", browser.Select(CacheStatus)) + "; after 2.1 s: " + CacheStatus(later)
            + "; no compression: " + CacheStatus(plain) + ", then " + CacheStatus(plainAgain));
        Assert.Contains("HIT", browser.Select(CacheStatus));
        Assert.All(browser, r => Assert.Equal("br", Assert.Single(r.Content.Headers.ContentEncoding)));
        Assert.Equal("REVALIDATED", CacheStatus(later));
        Assert.Equal("br", Assert.Single(later.Content.Headers.ContentEncoding));
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Empty(plainAgain.Content.Headers.ContentEncoding);
        Assert.Contains("<feed", await plainAgain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.StartsWith("max-age=", Hsts(later), StringComparison.Ordinal);
        browser.ForEach(r => r.Dispose());
    }

    [Theory]
    [InlineData("/contact")]
    [InlineData("/contact/thank-you")]
    [InlineData("/admin/sign-in")]
    [InlineData("/Admin/Sign-In")]
    [InlineData("/admin")]
    [InlineData("/api/enquiries/00000000-0000-0000-0000-000000000000")]
    [InlineData("/search?q=back")]
    [InlineData("/healthz")]
    public async Task Micro_cache_never_keeps_forms_admin_api_search_or_health(string path)
    {
        using var first = await GetAsync(path, "gzip");
        using var second = await GetAsync(path, "gzip");

        Assert.False(first.Headers.Contains("X-Cache-Status") || second.Headers.Contains("X-Cache-Status"),
            $"{path} went through the cache: {CacheStatus(first)}, {CacheStatus(second)}");
    }

    [Fact]
    public async Task Fingerprinted_assets_are_kept_by_nginx_as_long_as_the_site_allows()
    {
        var page = await Html.ParseDocumentAsync(await TextAsync("/", "identity"));
        var stylesheet = page.QuerySelector("link[rel=stylesheet]")?.GetAttribute("href");
        Assert.Matches(@"^/css/site\.[0-9a-z]{10}\.css$", stylesheet);

        using var first = await GetAsync(stylesheet!, "gzip");
        using var second = await GetAsync(stylesheet!, "gzip");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("HIT", CacheStatus(second));
        Assert.Contains("immutable", second.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Content_edit_is_visible_through_the_proxy_within_ten_seconds()
    {
        var marker = "Edited for the deployment test " + Guid.NewGuid().ToString("N")[..8];
        var file = deployed.Local(DeployedSite.ContentFolder + "/pages/privacy.md");
        Assert.DoesNotContain(marker, await TextAsync("/privacy", "gzip"), StringComparison.Ordinal);
        await TextAsync("/privacy", "gzip");

        var clock = Stopwatch.StartNew();
        await File.AppendAllTextAsync(file, "\n" + marker + ".\n");
        var seen = false;
        while (!seen && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            seen = (await TextAsync("/privacy", "gzip")).Contains(marker, StringComparison.Ordinal);
            if (!seen)
            {
                await Task.Delay(50);
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"edit in content/ seen through nginx after {clock.Elapsed.TotalMilliseconds:F0} ms (benchmark target 2 s)"));
        Assert.True(seen, "the edit was not served through nginx within 10 s");
    }

    /// <summary>Headers made anew for each response, by whichever server answers.</summary>
    private static readonly HashSet<string> PerResponse = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "Server", "ETag", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive",
    };

    private async Task<HttpResponseMessage> GetAsync(string path, string encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Accept-Encoding", encoding);
        return await _visitor.SendAsync(request);
    }

    /// <summary>The body as text, decompressed here (the client does not decompress, so the tests see the encoding).</summary>
    private async Task<string> TextAsync(string path, string encoding)
    {
        using var response = await GetAsync(path, encoding);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStreamAsync();
        if (response.Content.Headers.ContentEncoding.Contains("gzip"))
        {
            body = new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionMode.Decompress);
        }

        using var reader = new StreamReader(body);
        return await reader.ReadToEndAsync();
    }

    private static string? CacheStatus(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Cache-Status", out var values) ? string.Join(",", values) : null;

    private static string? Hsts(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Strict-Transport-Security", out var values) ? string.Join(",", values) : null;

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
}

/// <summary>An enquiry as an API client sends it (docs/enquiries.md).</summary>
public static class Enquiry
{
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string email, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries")
        {
            Content = JsonContent.Create(new
            {
                name = "Dana Visitor",
                email,
                preferredContact = "email",
                enquiryType = "question",
                message = "Is a deployment test an enquiry? Please ignore it.",
                consent = true,
            }),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await client.SendAsync(request);
    }
}
