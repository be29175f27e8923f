using FacetEducation.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace FacetEducation.BrowserTests;

/// <summary>The article works with JavaScript off; script only adds the print button.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NoJavaScriptTests(BrowserFixture browser)
{
    [Fact]
    public async Task Article_contents_and_faq_work_without_javascript()
    {
        await using var context = await browser.NewContextAsync(new() { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Pages.Article);

        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Level = 1, Name = "Facet joint pain" })).ToBeVisibleAsync();
        var contentsLinks = page.Locator(".contents a");
        Assert.True(await contentsLinks.CountAsync() > 1, "The article should list its contents.");
        await Expect(contentsLinks.First).ToBeVisibleAsync();

        var firstTarget = await contentsLinks.Nth(1).GetAttributeAsync("href");
        await contentsLinks.Nth(1).ClickAsync();
        Assert.EndsWith(firstTarget!, page.Url, StringComparison.Ordinal);
        await Expect(page.Locator(firstTarget!)).ToBeInViewportAsync();

        var question = page.Locator("details.faq__item").First;
        var answer = question.Locator(".faq__answer");
        await Expect(answer).ToBeHiddenAsync();
        await question.Locator("summary").ClickAsync();
        await Expect(question).ToHaveAttributeAsync("open", "");
        await Expect(answer).ToBeVisibleAsync();

        await Expect(page.Locator("[data-print]")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Print_button_appears_when_javascript_runs()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Pages.Article);

        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Print this page" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Without_javascript_enter_in_the_editor_saves_rather_than_adding_a_source_row()
    {
        await using var site = OwnSite.Start(browser);
        var context = await site.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync("/admin/edit/blog/why-rest-is-not-best");
        var rows = await page.Locator(".source-row").CountAsync();

        await page.Locator("#Form_Title").FillAsync("Why rest is not always best");
        await page.Locator("#Form_Title").PressAsync("Enter");

        await Expect(page.Locator("#editor-message")).ToContainTextAsync("Saved and published", new() { Timeout = 10_000 });
        Assert.Contains("Why rest is not always best", await File.ReadAllTextAsync(Path.Combine(site.ContentPath, "blog", "why-rest-is-not-best.md")), StringComparison.Ordinal);
        Assert.Equal(rows, await page.Locator(".source-row").CountAsync());
    }
}
