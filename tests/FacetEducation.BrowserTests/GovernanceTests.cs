using FacetEducation.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FacetEducation.BrowserTests;

/// <summary>The rule book where a clinician meets it: a hand edit in <c>content/</c> that breaks a
/// rule blocking publishing is not published, and the dashboard says why.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GovernanceTests(BrowserFixture browser)
{
    private const string File = "conditions/hand-edit-example.md";

    private const string Good = """
        ---
        title: Hand edit example
        summary: An article changed by hand in the content folder.
        regions: [lumbar]
        ---

        Most back pain gets better on its own. This is the first version.

        ## When to get help

        ::: immediate Call 999 or go to A&E now if:
        - you cannot feel your legs
        :::

        ::: urgent Ask for an urgent GP appointment or call 111 if:
        - the pain is getting worse
        :::

        """;

    [Fact]
    public async Task A_hand_edit_that_removes_the_999_card_keeps_the_last_good_page_and_the_dashboard_says_why()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        browser.WriteContent(File, Good);
        await ReloadUntilAsync(page, "/conditions/hand-edit-example", page.Locator("main"), "This is the first version.");
        await Expect(page.Locator(".care-card--immediate")).ToContainTextAsync("Call 999");

        // The hand edit: the 999 card is gone, and the wording changed.
        var broken = Good
            .Replace("::: immediate Call 999 or go to A&E now if:\n- you cannot feel your legs\n:::\n\n", "", StringComparison.Ordinal)
            .Replace("This is the first version.", "This is the second version.", StringComparison.Ordinal);
        Assert.NotEqual(Good, broken);
        browser.WriteContent(File, broken);
        var cardLine = Array.FindIndex(broken.Split('\n'), l => l.StartsWith("::: urgent", StringComparison.Ordinal)) + 1;

        await page.GotoAsync("/admin");
        await page.GetByLabel("User name").FillAsync(BrowserFixture.ReviewerUserName);
        await page.GetByLabel("Password").FillAsync(BrowserFixture.ReviewerPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var row = page.Locator($"#documents tr[data-path='{File}']");
        await ReloadUntilAsync(page, "/admin", row, "the site shows the last good version");

        // The dashboard says which line and what to do, without a click.
        await Expect(row.Locator(".state")).Not.ToHaveTextAsync("Published");
        await Expect(row.Locator(".findings")).ToBeVisibleAsync();
        await Expect(row.Locator(".findings")).ToContainTextAsync($"Line {cardLine}: Every condition article needs an immediate card saying when to call 999 or go to A&E");
        await page.ScreenshotAsync(new() { Path = Path.Combine(browser.ArtifactsPath, "dashboard-last-good-version.png"), FullPage = false });

        // The public page is still the last good version, 999 card and all.
        await page.GotoAsync("/conditions/hand-edit-example");
        await Expect(page.Locator("main")).ToContainTextAsync("This is the first version.");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("This is the second version.");
        await Expect(page.Locator(".care-card--immediate")).ToContainTextAsync("Call 999");
    }

    /// <summary>Loads <paramref name="path"/> until <paramref name="locator"/> shows <paramref name="text"/>:
    /// the watcher picks a hand edit up within moments, not at once.</summary>
    private static async Task ReloadUntilAsync(IPage page, string path, ILocator locator, string text)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await page.GotoAsync(path);
            if (await locator.CountAsync() > 0 && (await locator.First.TextContentAsync() ?? "").Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100);
        }

        await Expect(locator).ToContainTextAsync(text);
    }
}
