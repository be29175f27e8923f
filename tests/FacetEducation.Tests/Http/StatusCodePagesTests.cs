using System.Net;
using System.Text.Json;
using FacetEducation.Tests.Infrastructure;

namespace FacetEducation.Tests.Http;

/// <summary>
/// A bodiless error keeps its real status: browsers asking for a page get the friendly page, and
/// everything else (the API, a POST) gets ProblemDetails, never a 400 from re-executing a POST.
/// </summary>
public sealed class StatusCodePagesTests(StatusCodePagesTests.Fixture fixture) : IClassFixture<StatusCodePagesTests.Fixture>
{
    public sealed class Fixture : SiteFactory;

    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Browser_asking_for_an_unknown_page_gets_the_friendly_404_page()
    {
        var response = await SendAsync(HttpMethod.Get, "/no-such-page", BrowserAccept);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("Page not found", page.QuerySelector("h1")?.TextContent);
    }

    [Theory]
    [InlineData("/no/such/page", HttpStatusCode.NotFound)]
    [InlineData("/contact/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("/images/no-such-image.jpg", HttpStatusCode.NotFound)]
    [InlineData("/sitemap.xml", HttpStatusCode.MethodNotAllowed)]
    [InlineData("/conditions/facet-joint-pain", HttpStatusCode.MethodNotAllowed)]
    [InlineData("/about", HttpStatusCode.MethodNotAllowed)]
    // One segment matches the clinic pages' /{slug} route, which takes only GET and HEAD.
    [InlineData("/no-such-page", HttpStatusCode.MethodNotAllowed)]
    public async Task Post_to_an_address_that_does_not_take_it_keeps_its_real_status(string path, HttpStatusCode expected)
    {
        using var form = new FormUrlEncodedContent([new("name", "Ada")]);

        var response = await SendAsync(HttpMethod.Post, path, BrowserAccept, form);

        Assert.Equal(expected, response.StatusCode);
        await AssertProblemAsync(response, expected);
    }

    [Theory]
    [InlineData("/api/no-such-thing")]
    [InlineData("/api/enquiries/not-a-guid")]
    public async Task Unknown_api_address_gives_problem_details_404(string path)
    {
        var response = await SendAsync(HttpMethod.Get, path, BrowserAccept);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Api_method_not_allowed_gives_problem_details_405()
    {
        var response = await SendAsync(HttpMethod.Delete, "/api/enquiries", "application/json");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Client_asking_only_for_json_gets_problem_details_for_an_unknown_page()
    {
        var response = await SendAsync(HttpMethod.Get, "/no-such-page", "application/json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string accept, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Accept.ParseAdd(accept);
        return await _client.SendAsync(request);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
    }
}
