using System.Net;
using System.Net.Http.Headers;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Content;
using Microsoft.Extensions.DependencyInjection;

namespace FacetEducation.Tests.Http;

public sealed class PageCachingTests : IDisposable
{
    private readonly SiteFactory _site = new();

    public void Dispose() => _site.Dispose();

    [Theory]
    [InlineData("/conditions/facet-joint-pain")]
    [InlineData("/feed.xml")]
    public async Task A_date_check_gets_the_same_answer_from_the_renderer_and_from_the_static_copy(string url)
    {
        var client = _site.CreateClient();
        // A HEAD is never kept: the conditional GETs after it are answered by the renderer.
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        var lastModified = head.Content.Headers.LastModified!.Value;
        var rendered = (await IfModifiedSinceAsync(client, url, lastModified), await IfModifiedSinceAsync(client, url, lastModified.AddDays(-1)));

        // After a full GET has been kept, the static copy answers them.
        (await client.GetAsync(new Uri(url, UriKind.Relative))).Dispose();
        var replayed = (await IfModifiedSinceAsync(client, url, lastModified), await IfModifiedSinceAsync(client, url, lastModified.AddDays(-1)));

        Assert.Equal((HttpStatusCode.NotModified, HttpStatusCode.OK), rendered);
        Assert.Equal(rendered, replayed);
    }

    private static async Task<HttpStatusCode> IfModifiedSinceAsync(HttpClient client, string url, DateTimeOffset since)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfModifiedSince = since;
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("/conditions/facet-joint-pain")]
    [InlineData("/")]
    [InlineData("/feed.xml")]
    [InlineData("/sitemap.xml")]
    public async Task Pages_and_feeds_carry_validators_and_answer_304_when_unchanged(string url)
    {
        var client = _site.CreateClient();

        // A HEAD is never kept, so the conditional GET after it is answered by the renderer...
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        var etag = head.Headers.ETag;
        Assert.NotNull(etag);
        Assert.NotNull(head.Content.Headers.LastModified);
        await AssertNotModifiedAsync(client, url, etag);

        // ...and after a full GET has been kept, by the static copy, with the same validators.
        var first = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(etag, first.Headers.ETag);
        Assert.Equal(head.Content.Headers.LastModified, first.Content.Headers.LastModified);
        await AssertNotModifiedAsync(client, url, etag);
        await AssertNotModifiedAsync(client, url, etag);
    }

    [Theory]
    [InlineData("/conditions/facet-joint-pain")]
    [InlineData("/feed.xml")]
    public async Task Plain_and_compressed_copies_both_say_they_vary_by_encoding(string url)
    {
        var client = _site.CreateClient();
        foreach (var encoding in new[] { null, "gzip", "br", null })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (encoding is not null)
            {
                request.Headers.AcceptEncoding.ParseAdd(encoding);
            }

            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(encoding is null ? [] : [encoding], response.Content.Headers.ContentEncoding);
            Assert.Equal(["Accept-Encoding"], response.Headers.Vary);
        }
    }

    private static async Task AssertNotModifiedAsync(HttpClient client, string url, EntityTagHeaderValue etag)
    {
        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(etag);
        var response = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_edit_changes_the_etag_and_the_cached_page()
    {
        var client = _site.CreateClient();
        var path = _site.WriteContent("conditions/cached.md", TestContent.Condition("Before edit", "Body."));
        _site.Services.GetRequiredService<ContentStore>().Reload();
        var before = await client.GetAsync(new Uri("/conditions/cached", UriKind.Relative));
        Assert.Contains("Before edit", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await File.WriteAllTextAsync(path, TestContent.Condition("After edit", "Body."));
        Assert.True(await HttpExtensions.EventuallyAsync(async () =>
            (await client.GetStringAsync(new Uri("/conditions/cached", UriKind.Relative))).Contains("After edit", StringComparison.Ordinal)));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/conditions/cached");
        conditional.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        var after = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
    }

    [Fact]
    public async Task Clinic_profile_change_reaches_cached_pages()
    {
        var client = _site.CreateClient();
        Assert.Contains("01632 960123", await client.GetStringAsync(new Uri("/conditions/facet-joint-pain", UriKind.Relative)), StringComparison.Ordinal);

        var clinic = Path.Combine(_site.ContentPath, "clinic.yml");
        await File.WriteAllTextAsync(clinic, (await File.ReadAllTextAsync(clinic)).Replace("01632 960123", "01632 960777", StringComparison.Ordinal));

        Assert.True(await HttpExtensions.EventuallyAsync(async () =>
            (await client.GetStringAsync(new Uri("/conditions/facet-joint-pain", UriKind.Relative))).Contains("01632 960777", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Stylesheet_has_a_fingerprinted_address_with_a_year_long_immutable_cache()
    {
        var client = _site.CreateClient();
        var (_, doc) = await client.GetPageAsync("/");
        var href = doc.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        Assert.Matches(@"site\.[a-z0-9]+\.css|site\.css\?v=", href);

        var css = await client.GetAsync(new Uri(href, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        var cache = css.Headers.CacheControl!;
        Assert.True(cache.MaxAge >= TimeSpan.FromDays(365));
        Assert.Contains(cache.Extensions, e => e.Name == "immutable");
    }

    [Fact]
    public async Task Compressed_article_page_with_its_stylesheet_is_under_30_kb()
    {
        using var client = _site.CreateDefaultClient();
        long total = 0;
        var (_, doc) = await client.GetPageAsync("/");
        var css = doc.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        foreach (var url in new[] { "/conditions/facet-joint-pain", css })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
            var response = await client.SendAsync(request);
            Assert.Equal("br", response.Content.Headers.ContentEncoding.Single());
            var bytes = (await response.Content.ReadAsByteArrayAsync()).Length;
            Assert.True(bytes > 1000, $"{url} came back with only {bytes} bytes");
            total += bytes;
        }

        Assert.InRange(total, 1, 30 * 1024);
    }
}
