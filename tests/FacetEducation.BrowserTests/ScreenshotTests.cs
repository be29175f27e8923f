using FacetEducation.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace FacetEducation.BrowserTests;

/// <summary>Full-page screenshots of the article on a phone and a desktop, kept as CI artifacts,
/// and what a person sees in them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture browser)
{
    /// <summary>The screenshot is the whole article at the device's width (a page wider than the
    /// screen, or cut short, would show in its size), and its first screen shows the article's title whole.</summary>
    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 900)]
    public async Task Article_screenshot_is_the_whole_page_at_the_device_width_with_the_title_on_the_first_screen(string device, int width, int height)
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

        var png = await page.ScreenshotAsync(new() { Path = path, FullPage = true });

        Assert.True(File.Exists(path));
        Assert.True(new FileInfo(path).Length > 20_000, $"The screenshot at {path} is suspiciously small.");
        var title = page.Locator("main h1");
        await Expect(title).ToHaveTextAsync("Facet joint pain");
        await Expect(title).ToBeInViewportAsync(new() { Ratio = 1 });
        var scale = await page.EvaluateAsync<double>("() => window.devicePixelRatio");
        var pageHeight = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        Assert.True(pageHeight > height, $"The article is {pageHeight}px long, shorter than one {height}px screen.");
        Assert.Equal(((int)Math.Round(width * scale), (int)Math.Round(pageHeight * scale)), PngSize(png));
    }

    /// <summary>The width and height in pixels, from the PNG's header (its IHDR chunk).</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.Length > 24 && png.AsSpan(12, 4).SequenceEqual("IHDR"u8), "not a PNG");
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)),
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
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
