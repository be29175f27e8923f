using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using Microsoft.Extensions.Time.Testing;

namespace FacetEducation.Tests.Admin;

/// <summary>
/// The dashboard's "waiting for you" filters (plain links, so they work without JavaScript), and
/// times in the editor at the clinic's clock (<c>Content:TimeZone</c>, London by default), not UTC.
/// The clock is 1 July 2026, 12:30 UTC: 13:30 in London.
/// </summary>
public sealed class WaitingForYouTests : IDisposable
{
    private const string Spinal = "/admin/edit/conditions/spinal-anatomy-explained";

    private readonly EditorSite _site = new(new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 12, 30, 0, TimeSpan.Zero)));

    public WaitingForYouTests()
    {
        _site.WriteContent("conditions/overdue-example.md", Due("Overdue example", "2026-06-01"));
        _site.WriteContent("conditions/due-soon-example.md", Due("Due soon example", "2026-08-15"));
        _site.WriteContent("conditions/later-example.md", Due("Later example", "2026-12-01"));
    }

    public void Dispose() => _site.Dispose();

    private static string Due(string title, string nextReviewDue) => TestContent.Condition(title,
        "Some text.\n\n## When to get help\n\n::: immediate Call 999 or go to A&E if:\n- you cannot feel your legs\n:::\n\n::: urgent Call 111 if:\n- the pain is getting worse\n:::\n")
        .Replace("lastReviewed: 2026-01-10", "lastReviewed: 2023-06-01", StringComparison.Ordinal)
        .Replace("nextReviewDue: 2029-01-10", "nextReviewDue: " + nextReviewDue, StringComparison.Ordinal);

    private static List<string> Paths(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("#documents tbody tr").Select(r => r.GetAttribute("data-path")!)];

    private async Task SaveForSignOffAsync()
    {
        var eddie = await _site.SignedInAsync("eddie");
        var body = (await (await eddie.GetAsync(new Uri(Spinal, UriKind.Relative))).ParseAsync()).QuerySelector("#Form_Body")!.TextContent;
        var saved = await eddie.SubmitAsync(Spinal, "#editor-form",
            new() { ["Form.Body"] = body + "\n\nA line for the reviewer.", ["Form.ChangeSummary"] = "One more line" }, "#save-button");
        Assert.Equal(Spinal + "?saved=pending", saved.Location());
    }

    [Fact]
    public async Task A_reviewer_filters_the_dashboard_to_what_needs_their_sign_off_is_overdue_or_due_within_60_days()
    {
        await SaveForSignOffAsync();
        var rita = await _site.SignedInAsync("rita");

        var (_, all) = await rita.GetPageAsync("/admin");
        var links = all.QuerySelectorAll("#filters a").Cast<IHtmlAnchorElement>().ToList();
        Assert.Equal(["/admin", "/admin?show=sign-off", "/admin?show=overdue", "/admin?show=due-soon"], links.Select(a => a.GetAttribute("href")));
        Assert.Equal("page", links[0].GetAttribute("aria-current"));
        Assert.StartsWith("Needs my sign-off (", links[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("Review overdue (1)", links[2].TextContent);
        Assert.Equal("Review due within 60 days (1)", links[3].TextContent);

        var (response, signOff) = await rita.GetPageAsync("/admin?show=sign-off");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var waiting = Paths(signOff);
        Assert.Contains("conditions/spinal-anatomy-explained.md", waiting);
        Assert.DoesNotContain("conditions/later-example.md", waiting);
        Assert.DoesNotContain(waiting, p => p.StartsWith("blog/", StringComparison.Ordinal));
        Assert.All(signOff.QuerySelectorAll("#documents tbody tr .state"),
            s => Assert.Contains(s.TextContent, new[] { "Awaiting sign-off", "Published, awaiting its first review" }));
        Assert.Equal($"Needs my sign-off ({waiting.Count})", signOff.QuerySelector("#filters a[aria-current=page]")!.TextContent);
        // Who saved it and when, on the clinic's clock.
        Assert.Equal("Saved by Eddie Editor, 1 July 2026, 13:30",
            signOff.QuerySelector("tr[data-path='conditions/spinal-anatomy-explained.md'] .saved-at")!.TextContent.Trim());

        var (_, overdue) = await rita.GetPageAsync("/admin?show=overdue");
        Assert.Equal(["conditions/overdue-example.md"], Paths(overdue));
        Assert.Contains("(overdue)", overdue.QuerySelector("#documents tbody tr")!.TextContent, StringComparison.Ordinal);

        var (_, soon) = await rita.GetPageAsync("/admin?show=due-soon");
        Assert.Equal(["conditions/due-soon-example.md"], Paths(soon));
        Assert.Contains("15 August 2026 (due in 45 days)", Regex.Replace(soon.QuerySelector("#documents tbody tr")!.TextContent, @"\s+", " "), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(91, null, ReviewDueState.NotDue)]
    [InlineData(61, null, ReviewDueState.NotDue)]
    [InlineData(60, 60, ReviewDueState.DueSoon)]
    [InlineData(15, 60, ReviewDueState.DueSoon)]
    [InlineData(14, 14, ReviewDueState.DueSoon)]
    [InlineData(0, 14, ReviewDueState.DueSoon)]
    [InlineData(-3, 14, ReviewDueState.Overdue)]
    public void The_reminder_and_the_dashboard_agree_on_when_a_review_is_coming_due(int daysLeft, int? reminder, ReviewDueState state)
    {
        var due = new DateOnly(2029, 7, 1);
        var today = due.AddDays(-daysLeft);

        Assert.Equal(reminder, ReviewDue.ReminderStage(due, today));
        Assert.Equal(state, ReviewDue.Of(due, today));
    }

    [Fact]
    public async Task An_editor_sees_what_awaits_a_reviewer_and_an_empty_filter_says_so()
    {
        var eddie = await _site.SignedInAsync("eddie");

        var (_, page) = await eddie.GetPageAsync("/admin?show=sign-off");

        Assert.StartsWith("Awaiting a reviewer's sign-off (", page.QuerySelector("#filters a[aria-current=page]")!.TextContent, StringComparison.Ordinal);

        // The overdue article is reviewed (by hand here): nothing is overdue any more.
        _site.WriteContent("conditions/overdue-example.md", Due("Overdue example", "2029-06-01"));
        Assert.True(await HttpExtensions.EventuallyAsync(async () =>
            (await eddie.GetPageAsync("/admin?show=overdue")).Document.GetElementById("documents-empty")?.TextContent == "No review is overdue."));
        // An unknown filter shows everything.
        var (_, unknown) = await eddie.GetPageAsync("/admin?show=nonsense");
        Assert.Equal("Everything", unknown.QuerySelector("#filters a[aria-current=page]")!.TextContent.Split(" (")[0]);
    }

    [Fact]
    public async Task Times_in_the_editor_are_the_clinics_local_time_not_utc()
    {
        await SaveForSignOffAsync();
        var rita = await _site.SignedInAsync("rita");

        var (_, editor) = await rita.GetPageAsync(Spinal);
        var signOff = editor.GetElementById("sign-off")!.TextContent;
        Assert.Contains("saved by Eddie Editor on 1 July 2026, 13:30", signOff, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", signOff, StringComparison.Ordinal);
        // The browser's offer of kept text writes its time in the same zone.
        Assert.Equal("Europe/London", editor.Body!.GetAttribute("data-time-zone"));

        var (_, history) = await rita.GetPageAsync("/admin/history/conditions/spinal-anatomy-explained");
        var newest = history.QuerySelector("#revisions tbody tr")!;
        Assert.Contains("1 July 2026, 13:30", newest.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", history.QuerySelector("#revisions thead")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_editor_page_marks_a_landed_save_so_the_browser_drops_only_the_copy_it_saved()
    {
        var eddie = await _site.SignedInAsync("eddie");

        var (_, opened) = await eddie.GetPageAsync(Spinal);
        var (_, afterSave) = await eddie.GetPageAsync(Spinal + "?saved=pending");

        // Opening the editor never clears text kept in the browser; only the page after a save that landed says so.
        Assert.Equal("false", opened.GetElementById("editor-form")!.GetAttribute("data-save-landed"));
        Assert.Equal("true", afterSave.GetElementById("editor-form")!.GetAttribute("data-save-landed"));
        Assert.Null(opened.GetElementById("editor-form")!.GetAttribute("data-clear-draft"));
    }
}
