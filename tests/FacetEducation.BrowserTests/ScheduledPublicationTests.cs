using System.Globalization;
using FacetEducation.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FacetEducation.BrowserTests;

/// <summary>A scheduled publication in a real browser, on a site of its own whose clock the test moves:
/// signed off to go live an hour ahead, absent from the public page until the clock passes that time,
/// there after it, with no restart and no click.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScheduledPublicationTests(BrowserFixture browser)
{
    private const string Edit = "/admin/edit/conditions/facet-joint-pain";
    private const string Article = "/conditions/facet-joint-pain";
    private const string Added = "Most people can keep working while it settles.";

    private static readonly TimeZoneInfo Clinic = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly CultureInfo British = CultureInfo.GetCultureInfo("en-GB");
    private static readonly LocatorAssertionsToContainTextOptions Soon = new() { Timeout = 10_000 };

    /// <summary>The clinic's time an hour after the site's clock, to the minute: what the reviewer types, and how the editor shows it.</summary>
    public static (string Field, string Shown) AnHourAhead(OwnSite site)
    {
        var local = TimeZoneInfo.ConvertTime(site.Clock.GetUtcNow().AddHours(1), Clinic);
        local = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, local.Offset);
        return (local.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), local.ToString("d MMMM yyyy, HH:mm", British));
    }

    /// <summary>Eddie adds a sentence to the facet article; Rita signs it off to go live at <paramref name="field"/>. Returns Rita's page.</summary>
    public static async Task<IPage> ScheduleAsync(OwnSite site, string field)
    {
        var eddie = await site.SignInAsync(OwnSite.EditorUserName);
        await eddie.GotoAsync(Edit);
        var body = eddie.Locator("#Form_Body");
        await body.FillAsync(await body.InputValueAsync() + "\n\n" + Added + "\n");
        await eddie.GetByLabel("What did you change?").FillAsync("Working while it settles");
        await eddie.GetByRole(AriaRole.Button, new() { Name = "Save for sign-off" }).ClickAsync();
        await Expect(eddie.Locator("#editor-message")).ToContainTextAsync("until a reviewer signs off", Soon);

        var rita = await site.SignInAsync(BrowserFixture.ReviewerUserName);
        await rita.GotoAsync(Edit);
        await Expect(rita.GetByLabel("Now, when you sign off")).ToBeCheckedAsync(new() { Timeout = 10_000 });
        await rita.GetByLabel("Date and time it goes live").FillAsync(field);
        // Typing a time chooses "Later".
        await Expect(rita.GetByLabel("Later, at the date and time below")).ToBeCheckedAsync(new() { Timeout = 10_000 });
        await rita.GetByRole(AriaRole.Button, new() { Name = $"Sign off as {BrowserFixture.ReviewerDisplayName}" }).ClickAsync();
        return rita;
    }

    [Fact]
    public async Task A_scheduled_publication_goes_live_when_the_clock_passes_its_time()
    {
        await using var site = OwnSite.Start(browser);
        var (field, shown) = AnHourAhead(site);

        var rita = await ScheduleAsync(site, field);

        await Expect(rita.Locator("#editor-message")).ToContainTextAsync($"Signed off, to go live on {shown}", Soon);
        await Expect(rita.Locator("#scheduled-when")).ToContainTextAsync($"Scheduled to go live on {shown}, signed off by {BrowserFixture.ReviewerDisplayName}", Soon);
        await rita.ScreenshotAsync(new() { Path = Path.Combine(browser.ArtifactsPath, "scheduled-publication-editor.png"), FullPage = false });
        await rita.GotoAsync("/admin");
        var row = rita.Locator("tr[data-path='conditions/facet-joint-pain.md']");
        await Expect(row.Locator(".state")).ToHaveTextAsync("Scheduled", new() { Timeout = 10_000 });
        await Expect(row.Locator(".scheduled-at")).ToHaveTextAsync($"Scheduled to go live on {shown}, signed off by {BrowserFixture.ReviewerDisplayName}", new() { Timeout = 10_000 });

        var visitor = await (await site.NewContextAsync()).NewPageAsync();
        await visitor.GotoAsync(Article);
        await Expect(visitor.Locator("main")).ToContainTextAsync("Facet joint pain", Soon);
        await Expect(visitor.Locator("main")).Not.ToContainTextAsync(Added, new() { Timeout = 10_000 });

        // Fifty-nine minutes on, still not; then the clock passes its time.
        site.Clock.Advance(TimeSpan.FromMinutes(59));
        await visitor.ReloadAsync();
        await Expect(visitor.Locator("main")).Not.ToContainTextAsync(Added, new() { Timeout = 10_000 });
        site.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await ReloadUntilAsync(visitor, Added), "The public page did not show the scheduled version after its time.");
        await rita.ReloadAsync();
        await Expect(row.Locator(".state")).ToHaveTextAsync("Published", new() { Timeout = 10_000 });
        await visitor.ScreenshotAsync(new() { Path = Path.Combine(browser.ArtifactsPath, "scheduled-publication-live.png"), FullPage = false });
    }

    /// <summary>Reloads <paramref name="page"/> until its main text contains <paramref name="text"/>, for at most ten seconds.</summary>
    private static async Task<bool> ReloadUntilAsync(IPage page, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            await page.ReloadAsync(new() { Timeout = 10_000 });
            if ((await page.Locator("main").TextContentAsync(new() { Timeout = 10_000 }))?.Contains(text, StringComparison.Ordinal) == true)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
