using System.Net;
using FacetEducation.Tests.Infrastructure;

namespace FacetEducation.Tests.Search;

/// <summary>Whatever a visitor types is only ever text: no error page, no FTS5 or SQL syntax, no markup.</summary>
public sealed class BadQueryTests(BadQueryTests.Fixture fixture) : IClassFixture<BadQueryTests.Fixture>
{
    public sealed class Fixture : SiteFactory;

    private readonly HttpClient _client = fixture.CreateClient();

    public static TheoryData<string> BadQueries => new()
    {
        "\"",
        "\"\"\"",
        "facet\"",
        "\"facet joint",
        "facet*",
        "*",
        "-pain",
        "- -- ---",
        "NEAR(",
        "NEAR(facet joint, 2)",
        "facet AND",
        "OR",
        "NOT pain",
        "AND OR NOT",
        "(((",
        "facet)",
        "[facet] {joint}",
        "title:facet",
        "{title body}: facet",
        "^facet",
        "facet + joint",
        "'; DROP TABLE docs; --",
        "\" OR 1=1 --",
        "1' UNION SELECT sql FROM sqlite_master --",
        "<script>alert(1)</script>",
        "😀",
        "😀 neck 🦴",
        "\u0000facet\u0007",
        "\uE000facet\uE001",
        "ﬁ café naïve",
        "   ",
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Any_query_gives_a_normal_results_page(string query)
    {
        var (status, doc) = await _client.SearchAsync(query);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Search", doc.QuerySelector("h1")!.TextContent.Trim());
        Assert.Empty(doc.QuerySelectorAll("main script"));
        var shown = doc.QuerySelector("#search-q")!.GetAttribute("value") ?? "";
        Assert.True(shown.Length <= query.Length);
        if (query.Trim().Length > 0)
        {
            // Either results or the helpful "no results" section, never a bare page.
            Assert.True(doc.QuerySelectorAll(".search-results__item").Length > 0 || doc.QuerySelector("main a[href='/contact']") is not null);
        }
    }

    [Theory]
    [InlineData("NEAR(facet joint, 2)")]
    [InlineData("\"facet joint")]
    [InlineData("facet* AND -joint")]
    [InlineData("{title}: facet OR joint")]
    public async Task Operators_are_ignored_and_the_words_still_search(string query)
    {
        var urls = await _client.ResultUrlsAsync(query);

        Assert.Equal("/conditions/facet-joint-pain", urls.FirstOrDefault());
    }

    [Fact]
    public async Task The_query_is_shown_back_as_text_never_as_markup()
    {
        var (_, doc) = await _client.SearchAsync("<b>neck</b> <script>alert(1)</script>");

        Assert.Empty(doc.QuerySelectorAll("main b, main script"));
        Assert.Contains("<b>neck</b>", doc.QuerySelector("main h2")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("<script>", doc.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_2000_character_query_is_cut_with_a_message()
    {
        var query = string.Concat(Enumerable.Repeat("neck pain ", 200));

        var (status, doc) = await _client.SearchAsync(query);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("used the first 200 characters", doc.QuerySelector("main .notice")!.TextContent, StringComparison.Ordinal);
        Assert.True(doc.QuerySelector("#search-q")!.GetAttribute("value")!.Length <= 200);
        Assert.NotEmpty(doc.QuerySelectorAll(".search-results__item"));
    }

    [Fact]
    public async Task Cutting_a_long_query_never_splits_an_emoji()
    {
        var query = new string('a', 199) + "😀😀😀";

        var (status, doc) = await _client.SearchAsync(query);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new string('a', 199), doc.QuerySelector("#search-q")!.GetAttribute("value"));
        Assert.NotNull(doc.QuerySelector("main .notice"));
    }

    [Fact]
    public async Task A_short_query_has_no_cut_message()
    {
        var (_, doc) = await _client.SearchAsync("neck");

        Assert.Null(doc.QuerySelector("main .notice"));
    }
}
