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

        await BrowserFixture.SignInAsync(page);

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

        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign off as {BrowserFixture.ReviewerDisplayName}" }).ClickAsync();
        await Expect(page.Locator("#editor-message")).ToContainTextAsync("Signed off as a full clinical review and published");

        await publicPage.GotoAsync(Article);
        await Expect(publicPage.Locator("main")).ToContainTextAsync("stacked like cotton reels");
        await Expect(publicPage.Locator(".review")).ToContainTextAsync($"Reviewed by {BrowserFixture.ReviewerDisplayName}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(browser.ArtifactsPath, "editor-after-sign-off.png"), FullPage = false });
    }

    private static string Long(DateTimeOffset now) => now.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));

    /// <summary>Rita reads the facet article and signs off a full review of it as it stands.</summary>
    private static async Task SignOffFacetAsItStandsAsync(OwnSite site)
    {
        var rita = await site.SignInAsync(BrowserFixture.ReviewerUserName);
        await rita.GotoAsync("/admin/edit/conditions/facet-joint-pain");
        await rita.GetByRole(AriaRole.Button, new() { Name = $"Reviewed, still correct: sign off as {BrowserFixture.ReviewerDisplayName}" }).ClickAsync();
        await Expect(rita.Locator("#editor-message")).ToContainTextAsync("and published");
    }

    [Fact]
    public async Task A_routine_review_with_no_changes_is_signed_off_after_the_due_date_and_the_page_shows_the_new_dates()
    {
        await using var site = OwnSite.Start(browser);
        await SignOffFacetAsItStandsAsync(site);

        // Three years and a month later the review is overdue.
        site.Clock.Advance(TimeSpan.FromDays(3 * 365 + 31));
        var rita = await site.SignInAsync(BrowserFixture.ReviewerUserName);
        var row = rita.Locator("tr[data-path='conditions/facet-joint-pain.md']");
        await Expect(row).ToContainTextAsync("(overdue)");
        await row.GetByRole(AriaRole.Link, new() { Name = "Facet joint pain" }).ClickAsync();

        // Nothing to change: Save says so and points at the review of the live version.
        await rita.GetByRole(AriaRole.Button, new() { Name = "Save for sign-off" }).ClickAsync();
        await Expect(rita.Locator("#editor-message")).ToContainTextAsync("Reviewed, still correct");
        await rita.GetByRole(AriaRole.Button, new() { Name = $"Reviewed, still correct: sign off as {BrowserFixture.ReviewerDisplayName}" }).ClickAsync();
        await Expect(rita.Locator("#editor-message")).ToContainTextAsync("with no change to the text and published");

        await rita.Locator("#public-link").ClickAsync();
        await Expect(rita.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Facet joint pain" })).ToBeVisibleAsync();
        var today = site.Clock.GetUtcNow();
        await Expect(rita.Locator(".review")).ToContainTextAsync($"Page last reviewed: {Long(today)}");
        await Expect(rita.Locator(".review")).ToContainTextAsync($"Next review due: {Long(today.AddMonths(36))}");
        await Expect(rita.Locator(".review")).ToContainTextAsync($"Reviewed by {BrowserFixture.ReviewerDisplayName}");
    }

    private const string WhiplashBody = """
        Whiplash is a neck injury caused by a sudden jolt, often in a car accident. Most people get better in a few weeks.

        ## When to get help

        ::: immediate Call 999 or go to A&E now if:
        - you cannot move your arms or legs after an accident
        :::

        ::: urgent Ask for an urgent GP appointment or call 111 if:
        - the pain gets worse quickly or spreads to both arms
        :::

        ## Frequently asked questions

        ::: faq
        ### How long does whiplash last?
        Most people feel better within a few weeks.
        :::
        """;

    [Fact]
    public async Task A_new_condition_article_from_the_template_reaches_the_conditions_list_search_and_sitemap()
    {
        await using var site = OwnSite.Start(browser);
        var rita = await site.SignInAsync(BrowserFixture.ReviewerUserName);
        await rita.GetByRole(AriaRole.Link, new() { Name = "Write a new article" }).ClickAsync();
        await rita.GetByLabel("Condition article").CheckAsync();
        await rita.GetByLabel("Title", new() { Exact = true }).FillAsync("Whiplash");
        await rita.GetByRole(AriaRole.Button, new() { Name = "Start writing" }).ClickAsync();

        await rita.Locator("#Form_Body").FillAsync(WhiplashBody);
        await rita.GetByLabel("What did you change?").FillAsync("New article");
        await rita.GetByRole(AriaRole.Button, new() { Name = "Save for sign-off" }).ClickAsync();
        await Expect(rita.Locator("#editor-message")).ToContainTextAsync("until a reviewer signs off");

        // Publishing is an explained choice at sign-off; it is not on the site yet, so "Publish it" is offered first.
        await Expect(rita.Locator("#sign-off-form .publication")).ToContainTextAsync("This article is not on the public site yet.");
        await Expect(rita.GetByLabel(new System.Text.RegularExpressions.Regex("^Publish it"))).ToBeCheckedAsync();
        await rita.GetByRole(AriaRole.Button, new() { Name = $"Sign off as {BrowserFixture.ReviewerDisplayName}" }).ClickAsync();
        await Expect(rita.Locator("#editor-message")).ToContainTextAsync("Signed off as a full clinical review and published");

        await rita.Locator("#public-link").ClickAsync();
        await Expect(rita.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Whiplash" })).ToBeVisibleAsync();
        await Expect(rita.Locator(".review")).ToContainTextAsync($"Reviewed by {BrowserFixture.ReviewerDisplayName}");

        await rita.GotoAsync("/conditions");
        await Expect(rita.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Whiplash" })).ToBeVisibleAsync();
        await rita.GotoAsync("/search?q=whiplash");
        await Expect(rita.Locator(".search-results__item").GetByRole(AriaRole.Link, new() { Name = "Whiplash" })).ToBeVisibleAsync();
        var sitemap = await rita.APIRequest.GetAsync("/sitemap.xml");
        Assert.Contains("/conditions/whiplash</loc>", await sitemap.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authors_minor_edit_signed_off_by_a_reviewer_keeps_the_pages_reviewer()
    {
        await using var site = OwnSite.Start(browser);
        await SignOffFacetAsItStandsAsync(site);
        var reviewed = site.Clock.GetUtcNow();
        site.Clock.Advance(TimeSpan.FromDays(20));

        var eddie = await site.SignInAsync(OwnSite.EditorUserName);
        await eddie.GotoAsync("/admin/edit/conditions/facet-joint-pain");
        var body = eddie.Locator("#Form_Body");
        await body.FillAsync((await body.InputValueAsync()).Replace("rarely serious", "seldom serious", StringComparison.Ordinal));
        await eddie.GetByLabel(new System.Text.RegularExpressions.Regex("^Minor change")).CheckAsync();
        await eddie.GetByLabel("What did you change?").FillAsync("Wording");
        await eddie.GetByRole(AriaRole.Button, new() { Name = "Save for sign-off" }).ClickAsync();
        await Expect(eddie.Locator("#editor-message")).ToContainTextAsync("until a reviewer signs off");

        var sam = await site.SignInAsync(OwnSite.SecondReviewerUserName);
        await sam.GotoAsync("/admin/edit/conditions/facet-joint-pain");
        await Expect(sam.Locator("#sign-off")).ToContainTextAsync("saved by Eddie Editor");
        await Expect(sam.Locator("#review-minor")).ToBeCheckedAsync();
        await sam.GetByRole(AriaRole.Button, new() { Name = $"Sign off as {OwnSite.SecondReviewerDisplayName}" }).ClickAsync();
        await Expect(sam.Locator("#editor-message")).ToContainTextAsync("Signed off as a minor change and published");

        await sam.Locator("#public-link").ClickAsync();
        await Expect(sam.Locator("main")).ToContainTextAsync("seldom serious");
        var review = sam.Locator(".review");
        await Expect(review).ToContainTextAsync($"Reviewed by {BrowserFixture.ReviewerDisplayName}");
        await Expect(review).ToContainTextAsync($"Page last reviewed: {Long(reviewed)}");
        await Expect(review).ToContainTextAsync($"Last updated: {Long(site.Clock.GetUtcNow())}");
        await Expect(sam.Locator("main")).Not.ToContainTextAsync(OwnSite.SecondReviewerDisplayName);
    }

    [Fact]
    public async Task An_author_throws_away_a_draft_and_the_public_page_and_history_show_the_live_version()
    {
        await using var site = OwnSite.Start(browser);
        var eddie = await site.SignInAsync(OwnSite.EditorUserName);
        await eddie.GotoAsync(Article.Replace("/conditions/", "/admin/edit/conditions/", StringComparison.Ordinal));
        var body = eddie.Locator("#Form_Body");
        await body.FillAsync(await body.InputValueAsync() + "\n\nA paragraph that should never go live.");
        await eddie.GetByRole(AriaRole.Button, new() { Name = "Save for sign-off" }).ClickAsync();
        await Expect(eddie.Locator("#sign-off")).ToContainTextAsync("Waiting for sign-off");

        // No reviewer needed: the author throws it away.
        await eddie.GetByRole(AriaRole.Button, new() { Name = "Throw away this version" }).ClickAsync();
        await Expect(eddie.Locator("#editor-message")).ToContainTextAsync("thrown away");
        await Expect(eddie.Locator("#sign-off")).ToHaveCountAsync(0);
        await Expect(eddie.Locator("#Form_Body")).Not.ToHaveValueAsync(new System.Text.RegularExpressions.Regex("never go live"));

        await eddie.GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
        var rows = eddie.Locator("#revisions tbody tr");
        await Expect(rows.First).ToContainTextAsync($"Thrown away by {OwnSite.EditorDisplayName}");
        await Expect(eddie.Locator("#revisions tr.revision--live")).ToHaveCountAsync(1);
        await Expect(rows.Last).ToContainTextAsync("Live version");

        await eddie.GotoAsync(Article);
        await Expect(eddie.Locator("main")).Not.ToContainTextAsync("never go live");
        await Expect(eddie.Locator(".review")).ToContainTextAsync("This page has not yet been checked by a clinician.");
    }
}
