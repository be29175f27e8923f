using FacetEducation.BrowserTests.Infrastructure;

namespace FacetEducation.BrowserTests;

/// <summary>Full-page screenshots of the article on a phone and a desktop, kept as CI artifacts.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 900)]
    public async Task Article_screenshot_is_saved(string device, int width, int height)
    {
        await using var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            IsMobile = device == "phone",
            HasTouch = device == "phone",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Pages.Article);
        var path = Path.Combine(browser.ArtifactsPath, $"facet-joint-pain-{device}-{width}x{height}.png");
        File.Delete(path);

        await page.ScreenshotAsync(new() { Path = path, FullPage = true });

        Assert.True(File.Exists(path));
        Assert.True(new FileInfo(path).Length > 20_000, $"The screenshot at {path} is suspiciously small.");
    }

    [Fact]
    public async Task Article_does_not_scroll_sideways_on_a_phone()
    {
        await using var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Pages.Article);

        var scrollWidth = await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth");
        var innerWidth = await page.EvaluateAsync<int>("() => window.innerWidth");

        Assert.True(scrollWidth <= innerWidth,
            $"The page is {scrollWidth}px wide in a {innerWidth}px window; widest elements: "
            + await page.EvaluateAsync<string>("""
                () => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth)
                    .slice(0, 5)
                    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')
                    .join(', ')
                """));
    }
}
