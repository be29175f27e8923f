using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using FacetEducation.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FacetEducation.Tests.Http;

/// <summary>
/// The static copy in front of the pipeline: a content page served again is the page first rendered,
/// byte for byte and header for header, and it follows the content and the clinic's date.
/// </summary>
public sealed class StaticCopyTests : IDisposable
{
    private static readonly string[] KeptHeaders =
    [
        "Content-Type", "Content-Encoding", "Vary", "ETag", "Last-Modified", "Cache-Control",
        "Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
        "Permissions-Policy", "Cross-Origin-Opener-Policy",
    ];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
    private readonly SiteFactory _site;

    public StaticCopyTests() => _site = new SiteFactory { Time = _time };

    public void Dispose() => _site.Dispose();

    [Theory]
    [InlineData("/conditions/facet-joint-pain", "gzip")]
    [InlineData("/conditions/facet-joint-pain", "br")]
    [InlineData("/conditions/facet-joint-pain", null)]
    [InlineData("/", "gzip, deflate, br, zstd")]
    [InlineData("/about", "br")]
    [InlineData("/feed.xml", "gzip")]
    public async Task A_page_served_again_is_the_rendered_page_byte_for_byte_with_the_same_headers(string url, string? encoding)
    {
        using var client = _site.CreateDefaultClient();
        var (first, firstBody) = await GetAsync(client, url, encoding);
        var (second, secondBody) = await GetAsync(client, url, encoding);
        var (third, thirdBody) = await GetAsync(client, url, encoding);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(firstBody.Length > 200, $"{url} came back with {firstBody.Length} bytes");
        foreach (var (response, body) in new[] { (second, secondBody), (third, thirdBody) })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(firstBody, body);
            Assert.Equal(firstBody.Length, response.Content.Headers.ContentLength);
            foreach (var name in KeptHeaders)
            {
                Assert.Equal(Header(first, name), Header(response, name));
            }
        }

        Assert.Equal(encoding is null ? null : encoding.Contains("br", StringComparison.Ordinal) ? "br" : "gzip", Header(first, "Content-Encoding"));
        Assert.NotNull(Header(first, "Content-Security-Policy"));
    }

    [Fact]
    public async Task A_shared_link_with_tracking_parameters_gets_the_same_page()
    {
        using var client = _site.CreateDefaultClient();
        var (_, plain) = await GetAsync(client, "/conditions/facet-joint-pain", "gzip");
        var (_, again) = await GetAsync(client, "/conditions/facet-joint-pain", "gzip");
        var (shared, fromLink) = await GetAsync(client, "/conditions/facet-joint-pain?fbclid=IwAR0abc&utm_source=facebook", "gzip");
        var (_, firstSeenWithQuery) = await GetAsync(client, "/about?utm_source=newsletter", "gzip");
        var (_, aboutPlain) = await GetAsync(client, "/about", "gzip");

        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        Assert.Equal(plain, again);
        Assert.Equal(plain, fromLink);
        Assert.Equal(firstSeenWithQuery, aboutPlain);
    }

    [Fact]
    public async Task Head_answers_with_the_length_of_the_page_and_no_body()
    {
        using var client = _site.CreateDefaultClient();
        var (get, body) = await GetAsync(client, "/conditions/facet-joint-pain", "gzip");
        await GetAsync(client, "/conditions/facet-joint-pain", "gzip");

        using var head = new HttpRequestMessage(HttpMethod.Head, "/conditions/facet-joint-pain");
        head.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        var response = await client.SendAsync(head);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal(get.Headers.ETag, response.Headers.ETag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task If_modified_since_the_content_answers_304_and_an_older_date_gets_the_page()
    {
        using var client = _site.CreateDefaultClient();
        var (first, _) = await GetAsync(client, "/conditions/facet-joint-pain", null);
        await GetAsync(client, "/conditions/facet-joint-pain", null);
        var lastModified = first.Content.Headers.LastModified!.Value;

        using var same = new HttpRequestMessage(HttpMethod.Get, "/conditions/facet-joint-pain");
        same.Headers.IfModifiedSince = lastModified;
        var notModified = await client.SendAsync(same);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var older = new HttpRequestMessage(HttpMethod.Get, "/conditions/facet-joint-pain");
        older.Headers.IfModifiedSince = lastModified.AddDays(-1);
        var modified = await client.SendAsync(older);
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        Assert.Contains("Facet joint pain", await modified.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scheduled_post_appears_on_its_publish_date_without_a_content_change()
    {
        var tomorrow = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        _site.WriteContent("blog/scheduled-post.md", TestContent.Post("A post for tomorrow", "Body text.", tomorrow));
        using var client = _site.CreateDefaultClient();
        for (var i = 0; i < 2; i++)
        {
            Assert.DoesNotContain("A post for tomorrow", await client.GetStringAsync(new Uri("/blog", UriKind.Relative)), StringComparison.Ordinal);
        }

        _time.Advance(TimeSpan.FromDays(1));

        Assert.Contains("A post for tomorrow", await client.GetStringAsync(new Uri("/blog", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_with_a_form_token_are_rendered_for_every_visitor()
    {
        // The contact form carries an antiforgery cookie and token made for each visitor: replaying
        // one visitor's page to another would break their form.
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 3; i++)
        {
            using var client = _site.CreateDefaultClient();
            var response = await client.GetAsync(new Uri("/contact", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.Contains("Set-Cookie"), "no antiforgery cookie");
            var html = await response.Content.ReadAsStringAsync();
            var start = html.IndexOf("name=\"__RequestVerificationToken\"", StringComparison.Ordinal);
            Assert.True(start > 0, "no antiforgery token in the form");
            tokens.Add(html.Substring(start, 300));
        }

        Assert.Equal(3, tokens.Count);
    }

    /// <summary>A GET with the given <c>Accept-Encoding</c> (none if null), and its body as sent.</summary>
    internal static async Task<(HttpResponseMessage Response, byte[] Body)> GetAsync(HttpClient client, string url, string? encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
        }

        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

}
