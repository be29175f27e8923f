using System.Globalization;
using System.Text;
using System.Xml.Linq;
using FacetEducation.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace FacetEducation.BrowserTests;

/// <summary>
/// No public page's headings skip a level: a screen reader user who lists the headings, or jumps
/// from one to the next, meets the page's outline in order (WCAG 1.3.1). The pages are found from
/// the sitemap, so a new article or page is checked without touching this test, and the pages the
/// sitemap leaves out (search results, the thank-you page, the 404 page, the form with its errors)
/// are added by hand.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HeadingTests(BrowserFixture browser)
{
    /// <summary>Pages the sitemap does not list, with the status each answers.</summary>
    private static readonly (string Path, int Status)[] NotInSitemap =
    [
        ("/search", 200),
        ("/search?q=back+pain", 200),
        ("/search?q=zzzqqq", 200),
        (Pages.ThankYou, 200),
        (Pages.ThankYou + "?advice=immediate", 200),
        (Pages.ThankYou + "?advice=urgent", 200),
        ("/no-such-page", 404),
    ];

    /// <summary>Every heading the page shows, in document order, as "h2 Title". Headings that are not
    /// rendered (inside a closed <c>details</c>, or <c>display: none</c>) are left out, as a screen
    /// reader leaves them out; visually hidden ones are kept, as a screen reader reads them.</summary>
    private const string ListHeadings = """
        () => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
            .filter(h => h.checkVisibility() && !h.closest('[aria-hidden="true"]'))
            .map(h => h.tagName.toLowerCase() + ' ' + h.textContent.trim().replace(/\s+/g, ' '))
        """;

    [Fact]
    public async Task No_public_page_skips_a_heading_level()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var sitemap = await page.APIRequest.GetAsync("/sitemap.xml");
        Assert.True(sitemap.Ok, $"/sitemap.xml answered {sitemap.Status}.");
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var listed = XDocument.Parse(await sitemap.TextAsync()).Descendants(ns + "loc")
            .Select(loc => new Uri(loc.Value).PathAndQuery)
            .ToList();
        // The sitemap must really list the site: the fixed pages, every kind of content and the
        // clinic's own pages, or this test would check little.
        string[] expected = ["/", "/conditions", "/blog", "/contact", Pages.Article, Pages.BlogPost, "/about", "/privacy", "/accessibility"];
        Assert.All(expected, path => Assert.Contains(path, listed));
        Assert.Contains(listed, p => p.StartsWith("/blog/", StringComparison.Ordinal) && p != Pages.BlogPost);

        var problems = new StringBuilder();
        var checkedPages = 0;
        foreach (var (path, status) in listed.Select(p => (p, 200)).Concat(NotInSitemap))
        {
            var response = await page.GotoAsync(path);
            Assert.True(response?.Status == status, $"{path} answered {response?.Status}, not {status}.");
            CheckOutline(path, await page.EvaluateAsync<string[]>(ListHeadings), problems);
            checkedPages++;
        }

        // The contact form sent empty adds its error summary to the outline.
        await page.GotoAsync(Pages.Contact);
        await page.GetByRole(AriaRole.Button, new() { Name = Pages.SendEnquiry }).ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();
        CheckOutline(Pages.Contact + " (sent empty)", await page.EvaluateAsync<string[]>(ListHeadings), problems);
        checkedPages++;

        Assert.True(problems.Length == 0, $"Headings skip a level on these pages (of {checkedPages} checked):\n{problems}");
    }

    /// <summary>The first heading is the h1, and each heading is at most one level below the one before.</summary>
    private static void CheckOutline(string path, string[] headings, StringBuilder problems)
    {
        if (headings.Length == 0)
        {
            problems.AppendLine(CultureInfo.InvariantCulture, $"{path}: no headings at all");
            return;
        }

        if (!headings[0].StartsWith("h1 ", StringComparison.Ordinal))
        {
            problems.AppendLine(CultureInfo.InvariantCulture, $"{path}: the first heading is \"{headings[0]}\", not the h1");
        }

        for (var i = 1; i < headings.Length; i++)
        {
            var previous = headings[i - 1][1] - '0';
            var level = headings[i][1] - '0';
            if (level > previous + 1)
            {
                problems.AppendLine(CultureInfo.InvariantCulture, $"{path}: \"{headings[i]}\" follows \"{headings[i - 1]}\"");
            }
        }
    }
}
