using System.Net;
using System.Text.Json;
using FacetEducation.Tests.Infrastructure;

namespace FacetEducation.Tests.Pages;

/// <summary>A condition article claims a clinical review only when its front matter records one that a
/// sign-off wrote: a signed-off article names its reviewer and dates, one awaiting its first review says
/// so plainly, and one whose review was written by hand is not shown as reviewed.</summary>
public sealed class ReviewClaimsTests : IAsyncLifetime
{
    private const string Notice = "This page has not yet been checked by a clinician.";

    private const string Body = "Some text.\n\n## When to get help\n\n::: immediate Call 999 if:\n- you cannot feel your legs\n:::\n\n::: urgent Call 111 if:\n- it is getting worse\n:::\n";

    private readonly SiteFactory _site = new();

    public ReviewClaimsTests()
    {
        // Named as the clinician in the shipped clinic.yml, so the registration comes from there.
        _site.WriteContent("conditions/reviewed-example.md", TestContent.Condition("Reviewed example", Body)
            .Replace("name: Test Reviewer", "name: Chris Heywood", StringComparison.Ordinal));
        _site.WriteContent("conditions/unreviewed-example.md", $"""
            ---
            title: Unreviewed example
            summary: A short summary of an article no clinician has signed off.
            regions: [lumbar]
            author: Test Author
            ---
            {Body}
            """);
        // A review date with no reviewer is a claim the file cannot back up: not published.
        _site.WriteContent("conditions/half-claimed.md", $"""
            ---
            title: Half claimed
            summary: A short summary.
            regions: [lumbar]
            lastReviewed: 2026-01-10
            ---
            {Body}
            """);
    }

    // The reviewed example was signed off in the editor (its record is in the data folder).
    public Task InitializeAsync() => _site.RecordSignOffAsync("conditions/reviewed-example.md", "Chris Heywood");

    public Task DisposeAsync()
    {
        _site.Dispose();
        return Task.CompletedTask;
    }

    private static Dictionary<string, JsonElement> StructuredData(AngleSharp.Html.Dom.IHtmlDocument doc) =>
        doc.QuerySelectorAll("script[type='application/ld+json']")
            .Select(s => JsonDocument.Parse(s.TextContent).RootElement)
            .ToDictionary(e => e.GetProperty("@type").GetString()!);

    [Theory]
    [InlineData("/conditions/unreviewed-example")]
    [InlineData("/conditions/facet-joint-pain")]
    [InlineData("/conditions/spinal-anatomy-explained")]
    public async Task An_article_awaiting_its_first_review_says_so_and_names_no_reviewer(string url)
    {
        var (response, doc) = await _site.CreateClient().GetPageAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var review = doc.QuerySelector(".review")!.TextContent;
        Assert.Equal(Notice, review.Trim());
        var main = doc.QuerySelector("main")!.TextContent;
        Assert.DoesNotContain("Reviewed by", main, StringComparison.Ordinal);
        Assert.DoesNotContain("last reviewed", main, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Next review due", main, StringComparison.Ordinal);
        Assert.Contains(Notice, doc.QuerySelector(".handout-footer")!.TextContent, StringComparison.Ordinal);
        var page = StructuredData(doc)["MedicalWebPage"];
        Assert.False(page.TryGetProperty("lastReviewed", out _));
        Assert.False(page.TryGetProperty("reviewedBy", out _));
    }

    [Fact]
    public async Task A_signed_off_article_shows_its_reviewer_and_review_dates()
    {
        var (response, doc) = await _site.CreateClient().GetPageAsync("/conditions/reviewed-example");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var review = doc.QuerySelector(".review")!.TextContent;
        Assert.Contains("Page last reviewed: 10 January 2026", review, StringComparison.Ordinal);
        Assert.Contains("Next review due: 10 January 2029", review, StringComparison.Ordinal);
        Assert.Contains("Reviewed by Chris Heywood, HCPC registration number to be added by the clinic (placeholder)", review, StringComparison.Ordinal);
        Assert.DoesNotContain(Notice, doc.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Page last reviewed: 10 January 2026. Next review due: 10 January 2029", doc.QuerySelector(".handout-footer")!.TextContent, StringComparison.Ordinal);
        var page = StructuredData(doc)["MedicalWebPage"];
        Assert.Equal("2026-01-10", page.GetProperty("lastReviewed").GetString());
        Assert.Equal("Chris Heywood", page.GetProperty("reviewedBy").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_review_date_without_a_reviewer_is_not_published()
    {
        var response = await _site.CreateClient().GetAsync(new Uri("/conditions/half-claimed", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
