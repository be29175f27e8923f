using System.Globalization;
using FacetEducation.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FacetEducation.BrowserTests;

/// <summary>The clinician's whole round trip in a real browser: sign in, edit, watch the live
/// preview and reading age follow the typing, save, sign off, and find the change on the public page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EditorTests(BrowserFixture browser)
{
    private const string Article = "/conditions/spinal-anatomy-explained";

    [Fact]
    public async Task A_reviewer_edits_with_live_preview_signs_off_and_the_public_page_changes()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/admin");
        await page.GetByLabel("User name").FillAsync(BrowserFixture.ReviewerUserName);
        await page.GetByLabel("Password").FillAsync(BrowserFixture.ReviewerPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Dashboard" })).ToBeVisibleAsync();

        await page.GotoAsync("/admin/edit/conditions/spinal-anatomy-explained");
        var readingAge = page.Locator("#preview [data-reading-age]");
        var before = double.Parse((await readingAge.GetAttributeAsync("data-reading-age"))!, CultureInfo.InvariantCulture);

        var body = page.Locator("#Form_Body");
        var text = await body.InputValueAsync();
        await body.FillAsync(text.Replace("## Vertebrae",
            "## Vertebrae\n\nThe vertebrae are stacked like cotton reels. Notwithstanding considerable interindividual anatomical variability, "
            + "intervertebral articulations demonstrate characteristic biomechanical configurations throughout.", StringComparison.Ordinal));

        // The preview follows the typing without a click, and the reading age goes up.
        await Expect(page.Locator("#preview .article__body")).ToContainTextAsync("stacked like cotton reels");
        await Expect(readingAge).Not.ToHaveAttributeAsync("data-reading-age", before.ToString("0.0", CultureInfo.InvariantCulture));
        var after = double.Parse((await readingAge.GetAttributeAsync("data-reading-age"))!, CultureInfo.InvariantCulture);
        Assert.True(after > before, $"Reading age should rise from {before} after adding long words; it is {after}.");

        await page.GetByLabel("What did you change?").FillAsync("Cotton reels comparison");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save for sign-off" }).ClickAsync();
        await Expect(page.Locator("#editor-message")).ToContainTextAsync("until a reviewer signs off");

        // Not public until signed off.
        var publicPage = await context.NewPageAsync();
        await publicPage.GotoAsync(Article);
        await Expect(publicPage.Locator("main")).Not.ToContainTextAsync("cotton reels");

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Sign off and publish") }).ClickAsync();
        await Expect(page.Locator("#editor-message")).ToContainTextAsync("Signed off as a full review");

        await publicPage.GotoAsync(Article);
        await Expect(publicPage.Locator("main")).ToContainTextAsync("stacked like cotton reels");
        await Expect(publicPage.Locator(".review")).ToContainTextAsync($"Reviewed by {BrowserFixture.ReviewerDisplayName}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(browser.ArtifactsPath, "editor-after-sign-off.png"), FullPage = false });
    }
}
