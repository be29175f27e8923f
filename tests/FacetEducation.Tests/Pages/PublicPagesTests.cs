using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using FacetEducation.Tests.Infrastructure;

namespace FacetEducation.Tests.Pages;

/// <summary>Every public route over the shipped content, checked as a reader would see it.</summary>
public sealed class PublicPagesTests(PublicPagesTests.Fixture fixture) : IClassFixture<PublicPagesTests.Fixture>
{
    public sealed class Fixture : SiteFactory;

    private readonly HttpClient _client = fixture.CreateClient();

    [Theory]
    [InlineData("/", "Chris Heywood Physio")]
    [InlineData("/conditions", "Back and neck conditions")]
    [InlineData("/conditions/facet-joint-pain", "Facet joint pain")]
    [InlineData("/conditions/spinal-anatomy-explained", "Spinal anatomy explained")]
    [InlineData("/blog", "Blog")]
    [InlineData("/blog/why-rest-is-not-best", null)]
    [InlineData("/about", "About the clinic")]
    [InlineData("/privacy", "Privacy notice")]
    [InlineData("/accessibility", "Accessibility statement")]
    [InlineData("/search", "Search")]
    public async Task Public_page_answers_with_its_heading_skip_link_and_feed_link(string url, string? heading)
    {
        var (response, doc) = await _client.GetPageAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var h1 = Assert.Single(doc.QuerySelectorAll("h1"));
        if (heading is not null)
        {
            Assert.Equal(heading, h1.TextContent.Trim());
        }

        Assert.Equal("#main-content", doc.QuerySelector("a.skip-link")!.GetAttribute("href"));
        Assert.NotNull(doc.GetElementById("main-content"));
        Assert.Equal("/feed.xml", doc.QuerySelector("link[rel=alternate][type='application/atom+xml']")!.GetAttribute("href"));
        Assert.EndsWith(url == "/" ? "/" : url, doc.QuerySelector("link[rel=canonical]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(doc.QuerySelector("meta[name=description]")!.GetAttribute("content")));
        Assert.NotNull(doc.QuerySelector("meta[property='og:title']"));
        Assert.NotNull(doc.QuerySelector("a[href='/contact']"));
        Assert.Contains("01632 960123", doc.QuerySelector("footer")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(doc.QuerySelectorAll("script:not([src]):not([type='application/ld+json'])")); // CSP: no inline script
        Assert.Empty(doc.QuerySelectorAll("[style]"));
    }

    [Fact]
    public async Task Home_lists_services_featured_conditions_and_the_latest_six_posts()
    {
        var (_, doc) = await _client.GetPageAsync("/");

        Assert.NotEmpty(doc.QuerySelectorAll("#services ~ ul li"));
        Assert.Contains(doc.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/conditions/facet-joint-pain");
        var posts = doc.QuerySelectorAll("section[aria-labelledby=latest] li a").Select(a => a.GetAttribute("href")).ToList();
        // The shipped content has six posts or more, so the home page keeps its promise in full:
        // the six newest, in the blog's own order.
        var (_, blog) = await _client.GetPageAsync("/blog");
        var newest = blog.QuerySelectorAll("main li.card a").Select(a => a.GetAttribute("href")).Take(6).ToList();
        Assert.Equal(6, posts.Count);
        Assert.Equal(newest, posts);
    }

    [Fact]
    public async Task Conditions_index_groups_articles_by_body_region()
    {
        var (_, doc) = await _client.GetPageAsync("/conditions");

        var regions = doc.QuerySelectorAll("main section h2").Select(h => h.TextContent).ToList();
        Assert.Equal(["Neck (cervical spine)", "Upper and mid back (thoracic spine)", "Lower back (lumbar spine)"], regions);
        Assert.Contains(doc.QuerySelectorAll("#region-lumbar ~ ul a"), a => a.GetAttribute("href") == "/conditions/facet-joint-pain");
    }

    [Fact]
    public async Task Article_page_has_breadcrumbs_contents_care_cards_faq_review_notice_sources_and_print()
    {
        var (_, doc) = await _client.GetPageAsync("/conditions/facet-joint-pain");

        Assert.Equal(["Home", "Back and neck conditions", "Facet joint pain"],
            doc.QuerySelectorAll("nav.breadcrumbs li").Select(li => li.TextContent.Trim()));
        var contents = doc.QuerySelectorAll("nav.contents a").ToList();
        Assert.Contains(contents, a => a.TextContent == "When to get help" && a.GetAttribute("href") == "#when-to-get-help");
        foreach (var link in contents)
        {
            Assert.NotNull(doc.GetElementById(link.GetAttribute("href")![1..]));
        }

        Assert.NotEmpty(doc.QuerySelectorAll(".care-card--urgent"));
        var questions = doc.QuerySelectorAll(".faq details summary").Select(s => s.TextContent.Trim()).ToList();
        Assert.Equal(12, questions.Count);
        Assert.Contains("What can I do myself?", questions);
        Assert.Contains("Can facet joint pain spread into my leg?", questions);
        // The shipped article has not been signed off by a clinician, and says so (ReviewClaimsTests
        // shows a signed-off article's reviewer and dates).
        Assert.Equal("This page has not yet been checked by a clinician.", doc.QuerySelector(".review")!.TextContent.Trim());
        Assert.NotEmpty(doc.QuerySelectorAll(".sources li a[href^='https://']"));
        Assert.Contains(doc.QuerySelectorAll(".related a"), a => a.GetAttribute("href") == "/conditions/spinal-anatomy-explained");
        Assert.NotNull(doc.QuerySelector("button[data-print][hidden]"));
        var handout = doc.QuerySelector(".handout-footer")!.TextContent;
        Assert.Contains("/conditions/facet-joint-pain", handout, StringComparison.Ordinal);
        Assert.Contains("01632 960123", handout, StringComparison.Ordinal);
        Assert.Contains("This page has not yet been checked by a clinician.", handout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Facet_article_puts_each_red_flag_on_its_agreed_card_level()
    {
        var (_, doc) = await _client.GetPageAsync("/conditions/facet-joint-pain");

        // The one agreed split: 999 or A&E, then 111 or a GP today, then a GP or physiotherapist.
        var immediate = doc.QuerySelector(".care-card--immediate")!.TextContent;
        var urgent = doc.QuerySelector(".care-card--urgent")!.TextContent;
        var nonUrgent = doc.QuerySelector(".care-card--non-urgent")!.TextContent;
        Assert.Contains("Call 999 or go to A&E now if you have back or neck pain and:", immediate, StringComparison.Ordinal);
        foreach (var sign in new[] { "inner thighs", "hard to start peeing", "when you need to poo", "pins and needles in both legs", "erection", "short of breath", "a car crash", "stiff neck with a high temperature", "double vision", "getting weaker" })
        {
            Assert.Contains(sign, immediate, StringComparison.Ordinal);
        }

        Assert.Contains("Ask for an urgent GP appointment or call 111 today if:", urgent, StringComparison.Ordinal);
        foreach (var sign in new[] { "had cancer before", "hot and shivery", "lost weight without trying", "pain at night", "lump or swelling", "hands feel clumsy", "walking is unsteady", "below your knee", "very bad or getting worse" })
        {
            Assert.Contains(sign, urgent, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("crash", urgent, StringComparison.Ordinal);
        Assert.DoesNotContain("fall", urgent, StringComparison.Ordinal);
        Assert.Contains("See a GP or physiotherapist if:", nonUrgent, StringComparison.Ordinal);
        Assert.Contains("hard to cope", nonUrgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Article_page_carries_medical_web_page_breadcrumb_and_faq_structured_data()
    {
        var (_, doc) = await _client.GetPageAsync("/conditions/facet-joint-pain");

        var blocks = doc.QuerySelectorAll("script[type='application/ld+json']")
            .Select(s => JsonDocument.Parse(s.TextContent).RootElement)
            .ToDictionary(e => e.GetProperty("@type").GetString()!);
        var page = blocks["MedicalWebPage"];
        // Not reviewed yet, so no review is claimed to search engines.
        Assert.False(page.TryGetProperty("lastReviewed", out _));
        Assert.False(page.TryGetProperty("reviewedBy", out _));
        Assert.Equal("MedicalCondition", page.GetProperty("about").GetProperty("@type").GetString());
        Assert.Equal(3, blocks["BreadcrumbList"].GetProperty("itemListElement").GetArrayLength());
        var questions = blocks["FAQPage"].GetProperty("mainEntity");
        Assert.Equal(12, questions.GetArrayLength());
        Assert.All(questions.EnumerateArray(), q => Assert.False(string.IsNullOrWhiteSpace(q.GetProperty("acceptedAnswer").GetProperty("text").GetString())));
    }

    [Fact]
    public async Task About_page_shows_the_clinic_profile()
    {
        var (_, doc) = await _client.GetPageAsync("/about");

        var details = doc.QuerySelector(".clinic-details")!.TextContent;
        Assert.Contains("Scaldwell", details, StringComparison.Ordinal);
        Assert.Contains("enquiries@example.org", details, StringComparison.Ordinal);
        Assert.Contains("09:00 to 14:30", details, StringComparison.Ordinal);
        Assert.Equal("tel:01632960123", doc.QuerySelector(".clinic-details a[href^='tel:']")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("/conditions/no-such-condition")]
    [InlineData("/blog/no-such-post")]
    [InlineData("/no-such-page")]
    [InlineData("/conditions/..%2F..%2Fappsettings.json")]
    [InlineData("/conditions/%2e%2e%2f%2e%2e%2fclinic")]
    [InlineData("/conditions/..%5C..%5Cclinic")]
    [InlineData("/conditions/%2Fetc%2Fpasswd")]
    [InlineData("/conditions/C:%5CWindows%5Cwin.ini")]
    [InlineData("/blog/....%2F%2Fclinic.yml")]
    [InlineData("/images/..%2Fclinic.yml")]
    [InlineData("/clinic.yml")]
    [InlineData("/README")]
    public async Task Unknown_or_traversing_address_gives_the_friendly_404_page(string url)
    {
        var (response, doc) = await _client.GetPageAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Page not found", doc.QuerySelector("h1")?.TextContent);
        Assert.DoesNotContain("openingHours", doc.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_carry_security_headers_with_a_csp_without_unsafe_inline()
    {
        var response = await _client.GetAsync(new Uri("/conditions/facet-joint-pain", UriKind.Relative));

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Strict-Transport-Security")); // HSTS in Production only
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Pages_are_compressed_for_browsers_that_ask(string encoding)
    {
        using var handlerless = fixture.CreateDefaultClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/conditions/facet-joint-pain");
        request.Headers.AcceptEncoding.ParseAdd(encoding);
        var response = await handlerless.SendAsync(request);

        Assert.Equal(encoding, response.Content.Headers.ContentEncoding.Single());
    }

    [Fact]
    public async Task Atom_feed_lists_published_posts_newest_first()
    {
        var response = await _client.GetAsync(new Uri("/feed.xml", UriKind.Relative));
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace atom = "http://www.w3.org/2005/Atom";

        var entries = feed.Root!.Elements(atom + "entry").ToList();
        Assert.True(entries.Count >= 3);
        var links = entries.Select(e => e.Element(atom + "link")!.Attribute("href")!.Value).ToList();
        Assert.Contains(links, l => l.EndsWith("/blog/why-rest-is-not-best", StringComparison.Ordinal));
        var published = entries.Select(e => DateTimeOffset.Parse(e.Element(atom + "published")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(published.OrderByDescending(d => d), published);
    }

    [Fact]
    public async Task Sitemap_lists_every_published_article_and_robots_points_to_it()
    {
        var sitemap = XDocument.Parse(await _client.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative)));
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var locs = sitemap.Root!.Elements(ns + "url").Select(u => new Uri(u.Element(ns + "loc")!.Value).AbsolutePath).ToList();

        Assert.Contains("/conditions/facet-joint-pain", locs);
        Assert.Contains("/blog/why-rest-is-not-best", locs);
        Assert.Contains("/about", locs);
        var robots = await _client.GetStringAsync(new Uri("/robots.txt", UriKind.Relative));
        Assert.Contains("Sitemap: http://localhost/sitemap.xml", robots, StringComparison.Ordinal);
        Assert.Contains("Disallow: /admin", robots, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_endpoint_reports_healthy_content()
    {
        var response = await _client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("NEAR( pain AND OR NOT * - ")]
    [InlineData("'; DROP TABLE articles; --")]
    [InlineData("😀 neck")]
    public async Task Search_treats_any_query_as_text(string query)
    {
        var (response, doc) = await _client.GetPageAsync("/search?q=" + Uri.EscapeDataString(query));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(doc.QuerySelectorAll("main script"));
        Assert.Equal(query.Trim(), doc.QuerySelector("#search-q")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Search_finds_the_facet_article_and_highlights_the_words()
    {
        var (_, doc) = await _client.GetPageAsync("/search?q=facet+joint");

        var first = doc.QuerySelector(".search-results__item")!;
        Assert.Equal("/conditions/facet-joint-pain", first.QuerySelector("a")!.GetAttribute("href"));
        Assert.NotEmpty(first.QuerySelectorAll("mark"));
    }

    [Fact]
    public async Task Search_with_no_results_offers_other_routes()
    {
        var (_, doc) = await _client.GetPageAsync("/search?q=zzzqqq");

        Assert.Contains("No results", doc.QuerySelector("main h2")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(doc.QuerySelector("main a[href='/conditions']"));
    }
}
