using System.IO.Compression;
using System.Net;
using System.Text;
using FacetEducation.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FacetEducation.Tests.Hosting;

/// <summary>
/// <c>Site:PublicUrl</c>: required in Production, the only host answered, and the host of every
/// absolute address the site hands out; without it (a laptop) a page kept for reuse is never given
/// to a request for another host.
/// </summary>
public sealed class PublicAddressTests
{
    private const string Forged = "evil.example.com";

    /// <summary>The pages of the reported attack: each holds absolute links (canonical, Open Graph,
    /// JSON-LD, the handout line, the feed's and sitemap's entries).</summary>
    public static TheoryData<string, string?> PagesWithLinks()
    {
        var data = new TheoryData<string, string?>();
        foreach (var url in new[] { "/conditions/facet-joint-pain", "/blog", "/blog/why-rest-is-not-best", "/about", "/feed.xml", "/sitemap.xml", "/robots.txt" })
        {
            data.Add(url, "gzip");
            data.Add(url, null);
        }

        return data;
    }

    [Fact]
    public void Production_refuses_to_start_without_a_public_url_and_says_which_key()
    {
        using var site = new SiteFactory { EnvironmentName = "Production" };

        var error = Record.Exception(() => site.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("Site:PublicUrl is required in Production", Messages(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public async Task Other_environments_start_without_a_public_url_and_use_the_request_address(string environment)
    {
        using var site = new SiteFactory { EnvironmentName = environment };

        var (response, body) = await GetAsync(site.CreateClient(), "/about", encoding: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<link rel=\"canonical\" href=\"http://localhost/about\">", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clinic.test")]
    [InlineData("ftp://clinic.test")]
    [InlineData("https://clinic.test/clinic")]
    [InlineData("https://clinic.test/?utm=1")]
    public void A_public_url_that_is_not_a_site_address_stops_start_up(string value)
    {
        using var site = new SiteFactory().With("Site:PublicUrl", value);

        var error = Record.Exception(() => site.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("Site:PublicUrl must be an absolute http(s) address with no path", Messages(error), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PagesWithLinks))]
    public async Task Without_a_public_url_a_forged_host_first_never_reaches_the_next_visitor(string url, string? encoding)
    {
        using var site = new SiteFactory();
        var client = site.CreateClient();

        var (forged, forgedBody) = await GetAsync(client, url, encoding, host: Forged);
        var (clean, cleanBody) = await GetAsync(client, url, encoding);
        // A browser that kept the forged page's validator must get the real page, not a 304.
        var (revalidated, revalidatedBody) = await GetAsync(client, url, encoding, ifNoneMatch: forged.Headers.ETag?.Tag);

        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Contains("http://" + Forged + "/", forgedBody, StringComparison.Ordinal); // a local run answers any host ...
        foreach (var (response, body) in new[] { (clean, cleanBody), (revalidated, revalidatedBody) })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(Forged, body, StringComparison.Ordinal); // ... but keeps what it rendered for it apart
            Assert.Contains("http://localhost/", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(PagesWithLinks))]
    public async Task With_a_public_url_a_forged_host_gets_400_and_the_next_visitor_a_clean_page(string url, string? encoding)
    {
        using var site = new SiteFactory().With("Site:PublicUrl", "https://clinic.test");
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://clinic.test") });

        var (forged, forgedBody) = await GetAsync(client, url, encoding, host: Forged);
        var (clean, cleanBody) = await GetAsync(client, url, encoding);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("text/plain", forged.Content.Headers.ContentType?.MediaType);
        Assert.Contains("does not answer to that host name", forgedBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Forged, forgedBody, StringComparison.Ordinal);
        Assert.Equal("no-store", forged.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.OK, clean.StatusCode);
        Assert.DoesNotContain(Forged, cleanBody, StringComparison.Ordinal);
        Assert.Contains("https://clinic.test/", cleanBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_absolute_address_and_the_sign_in_redirect_take_the_host_from_the_public_url()
    {
        // An explicit AllowedHosts wins over the public URL's host, and still the links are the public URL's.
        using var site = new SiteFactory()
            .With("Site:PublicUrl", "https://clinic.test")
            .With("AllowedHosts", "clinic.test;www.clinic.test");
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://www.clinic.test"), AllowAutoRedirect = false });

        var (_, article) = await GetAsync(client, "/conditions/facet-joint-pain", encoding: null);
        var (_, feed) = await GetAsync(client, "/feed.xml", encoding: null);
        var (_, sitemap) = await GetAsync(client, "/sitemap.xml", encoding: null);
        var (_, robots) = await GetAsync(client, "/robots.txt", encoding: null);
        var signIn = await client.GetAsync(new Uri("/admin", UriKind.Relative));
        var (forged, _) = await GetAsync(client, "/", encoding: null, host: Forged);

        const string Page = "https://clinic.test/conditions/facet-joint-pain";
        Assert.Contains($"<link rel=\"canonical\" href=\"{Page}\">", article, StringComparison.Ordinal);
        Assert.Contains($"<meta property=\"og:url\" content=\"{Page}\">", article, StringComparison.Ordinal);
        Assert.Contains($"\"url\":\"{Page}\"", article, StringComparison.Ordinal); // JSON-LD
        Assert.Contains($"Read this page online at {Page}", article, StringComparison.Ordinal); // the printed handout
        Assert.Contains("<link rel=\"alternate\" href=\"https://clinic.test/blog/why-rest-is-not-best\"", feed, StringComparison.Ordinal);
        Assert.Contains("<loc>https://clinic.test/about</loc>", sitemap, StringComparison.Ordinal);
        Assert.Contains("Sitemap: https://clinic.test/sitemap.xml", robots, StringComparison.Ordinal);
        foreach (var body in new[] { article, feed, sitemap, robots })
        {
            Assert.DoesNotContain("www.clinic.test", body, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("https://clinic.test/admin/sign-in?ReturnUrl=%2Fadmin", signIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task Local_monitoring_reaches_healthz_by_any_host_and_nothing_else_does()
    {
        using var site = new SiteFactory { EnvironmentName = "Production" }
            .With("Site:PublicUrl", "https://clinic.test")
            .With("Proxy:KnownProxies:0", "127.0.0.1");
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://127.0.0.1:5000"), AllowAutoRedirect = false });

        // curl http://127.0.0.1:5000/healthz on the server: plain http, the server's own address as host.
        var local = await SendAsync(client, "/healthz", from: "127.0.0.1");
        var localIPv6 = await SendAsync(client, "/healthz", from: "::1");
        var localPage = await SendAsync(client, "/about", from: "127.0.0.1");
        var remote = await SendAsync(client, "/healthz", from: "203.0.113.9");
        // Through nginx the connection is loopback, but the visitor is not.
        var throughProxy = await SendAsync(client, "/healthz", from: "127.0.0.1", forwardedFor: "203.0.113.9", proto: "https");

        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Equal("Healthy", await local.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, localIPv6.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, localPage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, remote.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, throughProxy.StatusCode);
    }

    [Theory]
    [InlineData("https://clinic.test", "https://clinic.test/about?x=1")]
    [InlineData("https://clinic.test:8443", "https://clinic.test:8443/about?x=1")]
    public async Task In_production_a_bare_http_request_is_redirected_to_the_public_https_address(string publicUrl, string expected)
    {
        using var site = new SiteFactory { EnvironmentName = "Production" }.With("Site:PublicUrl", publicUrl);
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://clinic.test:5000"), AllowAutoRedirect = false });

        var response = await SendAsync(client, "/about?x=1", from: "203.0.113.9");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string url, string from, string? forwardedFor = null, string? proto = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Add(SiteFactory.AddressHeader, from);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        if (proto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", proto);
        }

        return await client.SendAsync(request);
    }

    /// <summary>GETs <paramref name="url"/> as a browser (gzip) or a bare client would, and reads the body as text.</summary>
    private static async Task<(HttpResponseMessage Response, string Body)> GetAsync(HttpClient client, string url, string? encoding,
        string? host = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        if (encoding is not null)
        {
            request.Headers.Add("Accept-Encoding", encoding);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.Add("If-None-Match", ifNoneMatch);
        }

        var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.Content.Headers.ContentEncoding.Contains("gzip"))
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await gzip.CopyToAsync(plain);
            bytes = plain.ToArray();
        }

        Assert.Equal(encoding is null || response.StatusCode != HttpStatusCode.OK ? null : "gzip", response.Content.Headers.ContentEncoding.SingleOrDefault());
        return (response, Encoding.UTF8.GetString(bytes));
    }

    private static string Messages(Exception error)
    {
        var messages = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        if (error is AggregateException aggregate)
        {
            messages.AddRange(aggregate.InnerExceptions.Select(e => e.Message));
        }

        return string.Join(" | ", messages);
    }
}
