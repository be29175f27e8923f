using System.Globalization;
using FacetEducation.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FacetEducation.BrowserTests;

/// <summary>
/// A clinician types, leaves the editor by accident (the browser asks
/// first), comes back, is offered the text with the time it was typed at the clinic, brings it
/// back and saves; the copy kept in the browser is dropped once that save has landed, and not before.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KeptTextTests(BrowserFixture browser)
{
    private const string Edit = "/admin/edit/blog/scan-results-explained";
    private const string DraftKey = "facet-editor-draft:blog/scan-results-explained.md";
    private const string Typed = "A closing sentence typed just before leaving the page by mistake.";

    [Fact]
    public async Task Typing_leaving_by_accident_and_returning_gets_the_text_back()
    {
        // The browser's own zone is not the clinic's: the offer must still say the clinic's time.
        await using var context = await browser.NewContextAsync(new() { TimezoneId = "America/New_York" });
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Type);
            await dialog.AcceptAsync();
        };

        await BrowserFixture.SignInAsync(page);

        await page.GotoAsync(Edit);
        await Expect(page.Locator("#draft-notice")).ToBeHiddenAsync();
        var body = page.Locator("#Form_Body");
        var saved = await body.InputValueAsync();
        await body.ClickAsync();
        await body.FillAsync(saved.TrimEnd() + "\n\n" + Typed + "\n");
        var keptAt = await page.EvaluateAsync<double>($"JSON.parse(localStorage.getItem('{DraftKey}')).at");

        // Leaving by accident: the browser asks first, and the clinician says leave.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Dashboard" })).ToBeVisibleAsync();
        Assert.Equal(["beforeunload"], dialogs);

        // Coming back: the saved text, and an offer of the kept text saying from when, at the clinic.
        await page.GotoAsync(Edit);
        Assert.DoesNotContain(Typed, await body.InputValueAsync(), StringComparison.Ordinal);
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var when = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds((long)keptAt), london)
            .ToString("d MMMM yyyy, HH:mm", CultureInfo.GetCultureInfo("en-GB"));
        var notice = page.Locator("#draft-notice");
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToContainTextAsync($"You have unsaved changes from {when} kept in this browser.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Bring them back" }).ClickAsync();
        Assert.Contains(Typed, await body.InputValueAsync(), StringComparison.Ordinal);
        await Expect(notice).ToBeHiddenAsync();
        await Expect(page.Locator("#preview .article__body")).ToContainTextAsync("just before leaving the page by mistake");

        // Until the save lands the copy stays; after it, it is gone and nothing is offered again.
        Assert.NotNull(await page.EvaluateAsync<string?>($"localStorage.getItem('{DraftKey}')"));
        await page.GetByLabel("What did you change?").FillAsync("Closing sentence");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await Expect(page.Locator("#editor-message")).ToContainTextAsync("Saved and published");
        Assert.Null(await page.EvaluateAsync<string?>($"localStorage.getItem('{DraftKey}')"));
        Assert.Contains(Typed, await body.InputValueAsync(), StringComparison.Ordinal);

        await page.ReloadAsync();
        await Expect(page.Locator("#draft-notice")).ToBeHiddenAsync();
        // Nothing unsaved now, so leaving asks nothing; pressing Save asked nothing either.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Dashboard" })).ToBeVisibleAsync();
        Assert.Equal(["beforeunload"], dialogs);

        var publicPage = await context.NewPageAsync();
        await publicPage.GotoAsync("/blog/scan-results-explained");
        await Expect(publicPage.Locator("main")).ToContainTextAsync(Typed);
    }
}
