using FacetEducation.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FacetEducation.BrowserTests;

/// <summary>A printed article is a clean handout that says where it came from and how current it is.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PrintTests(BrowserFixture browser)
{
    [Fact]
    public async Task Printed_article_shows_review_date_address_and_phone_and_hides_site_navigation()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Pages.ReviewedArticle);

        await page.EmulateMediaAsync(new() { Media = Media.Print });

        var footer = page.Locator(".handout-footer");
        await Expect(footer).ToBeVisibleAsync();
        await Expect(footer).ToContainTextAsync("Page last reviewed: 10 January 2026");
        await Expect(footer).ToContainTextAsync(browser.Url(Pages.ReviewedArticle).ToString());
        await Expect(footer).ToContainTextAsync("01632 960123");
        await Expect(page.GetByText("Page last reviewed").First).ToBeVisibleAsync();

        foreach (var selector in new[] { ".site-header", ".site-nav", ".breadcrumbs", ".site-search", ".skip-link", "[data-print]" })
        {
            await Expect(page.Locator(selector)).ToBeHiddenAsync();
        }
    }

    [Fact]
    public async Task Printed_article_awaiting_its_first_review_says_no_clinician_has_checked_it()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Pages.Article);

        await page.EmulateMediaAsync(new() { Media = Media.Print });

        var footer = page.Locator(".handout-footer");
        await Expect(footer).ToBeVisibleAsync();
        await Expect(footer).ToContainTextAsync("This page has not yet been checked by a clinician.");
        await Expect(footer).Not.ToContainTextAsync("reviewed");
        await Expect(footer).ToContainTextAsync(browser.Url(Pages.Article).ToString());
    }

    [Fact]
    public async Task Printed_sources_read_title_comma_publisher()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Pages.Article);
        await page.EmulateMediaAsync(new() { Media = Media.Print });

        var sources = await page.Locator(".sources").InnerTextAsync();

        Assert.Contains("Back pain, NHS", sources, StringComparison.Ordinal);
        Assert.Contains("(NG59), NICE (2016)", sources, StringComparison.Ordinal);
        Assert.DoesNotContain(" ,", sources, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Article_prints_to_a_pdf_handout()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Pages.Article);
        var path = Path.Combine(browser.ArtifactsPath, "facet-joint-pain-handout.pdf");
        File.Delete(path);

        var pdf = await page.PdfAsync(new()
        {
            Path = path,
            Format = "A4",
            // The margins a browser's print dialog would use by default.
            Margin = new() { Top = "15mm", Bottom = "15mm", Left = "15mm", Right = "15mm" },
        });

        Assert.True(File.Exists(path));
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.True(new FileInfo(path).Length > 10_000, $"The PDF at {path} is suspiciously small.");
    }
}
