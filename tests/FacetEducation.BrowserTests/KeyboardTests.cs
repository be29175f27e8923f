using FacetEducation.BrowserTests.Infrastructure;

namespace FacetEducation.BrowserTests;

/// <summary>A keyboard user can skip the header and navigation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardTests(BrowserFixture browser)
{
    [Fact]
    public async Task First_tab_shows_the_skip_link_and_enter_moves_focus_to_the_main_content()
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Pages.Article);

        await page.Keyboard.PressAsync("Tab");

        var focusedText = await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()");
        Assert.Equal("Skip to main content", focusedText);
        var skipLink = page.Locator(".skip-link");
        Assert.True(await skipLink.EvaluateAsync<bool>("e => e === document.activeElement"));
        var box = await skipLink.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.Y >= 0 && box.Width > 0 && box.Height > 0
            && box.X + box.Width <= 1280 && box.Y + box.Height <= 900,
            $"The focused skip link should be on screen, but its box is {box.X},{box.Y} {box.Width}x{box.Height}.");

        await page.Keyboard.PressAsync("Enter");

        Assert.Equal("#main-content", await page.EvaluateAsync<string>("() => location.hash"));
        Assert.Equal("main-content", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        await page.Keyboard.PressAsync("Tab");

        Assert.True(
            await page.EvaluateAsync<bool>("() => document.activeElement !== null && document.activeElement.closest('main') !== null"),
            "After the skip link, the next Tab should land inside the main content, but focus is on "
            + await page.EvaluateAsync<string>("() => document.activeElement.outerHTML.slice(0, 200)"));
    }
}
