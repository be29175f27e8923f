using FacetEducation.BrowserTests.Infrastructure;
using Microsoft.Playwright;

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

    [Fact]
    public async Task After_a_failed_send_focus_is_on_the_error_summary_and_tab_reaches_its_first_link()
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Pages.Contact);
        await page.GetByLabel("Email address").FillAsync("not an email address");

        // As a keyboard user sends it: focus the button, press Enter.
        await page.GetByRole(AriaRole.Button, new() { Name = Pages.SendEnquiry }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".error-summary").WaitForAsync();

        var summary = page.Locator(".error-summary");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        Assert.Equal("alert", await summary.GetAttributeAsync("role"));
        var box = await summary.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Y >= 0 && box.Y < 900, $"The focused error summary should be on screen, but it is at y={box.Y}.");

        await page.Keyboard.PressAsync("Tab");

        var first = summary.Locator("a").First;
        await Assertions.Expect(first).ToBeFocusedAsync();
        Assert.Equal("#name", await first.GetAttributeAsync("href"));

        await page.Keyboard.PressAsync("Tab");

        var second = summary.Locator("a").Nth(1);
        await Assertions.Expect(second).ToBeFocusedAsync();
        Assert.Equal("#email", await second.GetAttributeAsync("href"));
    }
}
