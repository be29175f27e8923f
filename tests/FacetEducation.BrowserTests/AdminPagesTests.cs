using System.Text.RegularExpressions;
using FacetEducation.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using SkiaSharp;
using static Microsoft.Playwright.Assertions;

namespace FacetEducation.BrowserTests;

/// <summary>The editor's own pages in a real browser: on a phone and a desktop, to axe, and the things
/// only a browser shows (a stale tab's second save, a picture put in the text).</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AdminPagesTests(BrowserFixture browser)
{
    private const int Phone = 390;

    private Task<IBrowserContext> ContextAsync(int width) =>
        browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 900 } });

    private static async Task<IPage> SignedInAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        return page;
    }

    [Fact]
    public async Task The_dashboard_fits_a_390px_phone_and_shows_every_rows_state()
    {
        await using var context = await ContextAsync(Phone);
        var page = await SignedInAsync(context);

        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= Phone, $"The dashboard is {scrollWidth} px wide on a {Phone} px screen.");
        var states = page.Locator("#documents tr[data-path] .state");
        var count = await states.CountAsync();
        Assert.True(count > 3, "The dashboard should list the shipped articles.");
        for (var i = 0; i < count; i++)
        {
            await Expect(states.Nth(i)).ToBeVisibleAsync();
            var box = (await states.Nth(i).BoundingBoxAsync())!;
            Assert.True(box.X >= 0 && box.X + box.Width <= Phone, $"Row {i}'s State is at {box.X}..{box.X + box.Width} px, outside the {Phone} px screen.");
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(browser.ArtifactsPath, "admin-dashboard-390.png"), FullPage = true });
    }

    [Theory]
    [InlineData("/admin", Phone)]
    [InlineData("/admin", 1280)]
    [InlineData("/admin/edit/conditions/facet-joint-pain", Phone)]
    [InlineData("/admin/edit/conditions/facet-joint-pain", 1280)]
    [InlineData("/admin/new", Phone)]
    [InlineData("/admin/new", 1280)]
    [InlineData("/admin/history/conditions/facet-joint-pain", Phone)]
    [InlineData("/admin/history/conditions/facet-joint-pain", 1280)]
    [InlineData("/admin/images", Phone)]
    [InlineData("/admin/images", 1280)]
    [InlineData("/admin/help", Phone)]
    [InlineData("/admin/help", 1280)]
    [InlineData("/admin/clinic", Phone)]
    [InlineData("/admin/clinic", 1280)]
    [InlineData("/admin/synonyms", Phone)]
    [InlineData("/admin/synonyms", 1280)]
    [InlineData("/admin/account", Phone)]
    [InlineData("/admin/account", 1280)]
    public async Task Admin_page_has_no_wcag_violations(string path, int width)
    {
        await using var context = await ContextAsync(width);
        var page = await SignedInAsync(context);
        await page.GotoAsync(path);
        await Expect(page.Locator("main h1").First).ToBeVisibleAsync();

        await AccessibilityTests.AssertNoViolationsAsync(page, $"{path} at {width} px");
    }

    /// <summary>The scheduled state, on a site of its own: a sign-off refused for its time (the field's error),
    /// then the editor and dashboard with a publication scheduled.</summary>
    [Theory]
    [InlineData(Phone)]
    [InlineData(1280)]
    public async Task A_scheduled_publication_and_a_refused_time_have_no_wcag_violations(int width)
    {
        await using var site = OwnSite.Start(browser);
        var refused = await ScheduledPublicationTests.ScheduleAsync(site, "2020-01-01T09:00");
        await Expect(refused.Locator("#error-goLiveAt")).ToContainTextAsync("has passed", new() { Timeout = 10_000 });
        await refused.SetViewportSizeAsync(width, 900);
        await AccessibilityTests.AssertNoViolationsAsync(refused, $"a refused time to go live at {width} px");
        await refused.Locator("#sign-off-form").ScreenshotAsync(new() { Path = Path.Combine(browser.ArtifactsPath, $"scheduled-publication-refused-{width}.png") });

        await refused.GetByLabel("Date and time it goes live").FillAsync(ScheduledPublicationTests.AnHourAhead(site).Field);
        await refused.GetByRole(AriaRole.Button, new() { Name = $"Sign off as {BrowserFixture.ReviewerDisplayName}" }).ClickAsync();
        await Expect(refused.Locator("#scheduled-when")).ToContainTextAsync("Scheduled to go live on", new() { Timeout = 10_000 });
        await AccessibilityTests.AssertNoViolationsAsync(refused, $"the editor with a scheduled publication at {width} px");
        await refused.GotoAsync("/admin");
        await Expect(refused.Locator(".scheduled-at")).ToContainTextAsync("Scheduled to go live on", new() { Timeout = 10_000 });
        await AccessibilityTests.AssertNoViolationsAsync(refused, $"the dashboard with a scheduled publication at {width} px");
        var scrollWidth = await refused.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"The dashboard is {scrollWidth} px wide on a {width} px screen.");
    }

    [Theory]
    [InlineData("/admin/sign-in", Phone)]
    [InlineData("/admin/sign-in", 1280)]
    [InlineData("/admin/reset-password?token=no-longer-works", Phone)]
    [InlineData("/admin/reset-password?token=no-longer-works", 1280)]
    public async Task A_page_open_without_signing_in_has_no_wcag_violations(string path, int width)
    {
        await using var context = await ContextAsync(width);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await Expect(page.Locator("main h1").First).ToBeVisibleAsync();

        await AccessibilityTests.AssertNoViolationsAsync(page, $"{path} at {width} px");
    }

    [Fact]
    public async Task A_picture_uploaded_over_its_line_replaces_it_without_blank_lines()
    {
        await using var site = OwnSite.Start(browser);
        var page = await site.SignInAsync(BrowserFixture.ReviewerUserName);
        await page.GotoAsync("/admin/edit/blog/why-rest-is-not-best");
        const string before = "First paragraph.\n\n";
        const string after = "\n\nSecond paragraph.";
        const string old = "![An old desk](/images/old-desk.png)";
        var body = page.Locator("#Form_Body");
        await body.FillAsync(before + old + after);
        await body.EvaluateAsync("(area, range) => area.setSelectionRange(range[0], range[1])", new[] { before.Length, before.Length + old.Length });

        await page.Locator("#upload-file").SetInputFilesAsync(new FilePayload { Name = "new-desk.png", MimeType = "image/png", Buffer = Png() });
        await page.Locator("#upload-alt").FillAsync("A new desk");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and insert" }).ClickAsync();

        await Expect(body).ToHaveValueAsync(PictureLine());
        Assert.Equal(before + "![A new desk](/images/new-desk.png)" + after, await body.InputValueAsync());
    }

    [Fact]
    public async Task A_second_save_from_a_stale_tab_is_refused_until_keep_mine_is_chosen()
    {
        await using var site = OwnSite.Start(browser);
        var tabA = await site.SignInAsync(BrowserFixture.ReviewerUserName);
        var tabB = await tabA.Context.NewPageAsync();
        const string edit = "/admin/edit/blog/why-rest-is-not-best";
        var file = Path.Combine(site.ContentPath, "blog", "why-rest-is-not-best.md");
        await tabA.GotoAsync(edit);
        await tabB.GotoAsync(edit);

        await tabA.Locator("#Form_Body").FillAsync(await tabA.Locator("#Form_Body").InputValueAsync() + "\n\nWritten in tab A.");
        await tabA.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await Expect(tabA.Locator("#editor-message")).ToContainTextAsync("Saved and published");

        await tabB.Locator("#Form_Body").FillAsync(await tabB.Locator("#Form_Body").InputValueAsync() + "\n\nWritten in tab B.");
        await tabB.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await Expect(tabB.Locator("#editor-message")).ToContainTextAsync(SavedInAnotherTab());
        await Expect(tabB.Locator("#stale-diff")).ToContainTextAsync("Written in tab A.");

        // Save again, without choosing: still refused, tab A's work still there.
        await tabB.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await Expect(tabB.Locator("#editor-message")).ToContainTextAsync("Not saved");
        Assert.Contains("Written in tab A.", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        Assert.DoesNotContain("Written in tab B.", await File.ReadAllTextAsync(file), StringComparison.Ordinal);

        // Enter in a field saves as the Save button does (the browser's default button), never as "Keep mine".
        await tabB.Locator("#Form_Title").PressAsync("Enter");
        await Expect(tabB.Locator("#editor-message")).ToContainTextAsync("Not saved");
        Assert.DoesNotContain("Written in tab B.", await File.ReadAllTextAsync(file), StringComparison.Ordinal);

        await tabB.GetByRole(AriaRole.Button, new() { Name = "Keep mine, replace theirs" }).ClickAsync();
        await Expect(tabB.Locator("#editor-message")).ToContainTextAsync("Saved and published");
        Assert.Contains("Written in tab B.", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    private static byte[] Png()
    {
        using var bitmap = new SKBitmap(40, 30);
        bitmap.Erase(SKColors.SteelBlue);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [GeneratedRegex(@"new-desk")]
    private static partial Regex PictureLine();

    [GeneratedRegex(@"you saved this in another tab or window at \d\d:\d\d")]
    private static partial Regex SavedInAnotherTab();
}
