using System.Net;
using AngleSharp.Html.Dom;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FacetEducation.Tests.Admin;

/// <summary>
/// Scheduled publishing through the real editor forms, over a temporary copy of the shipped content and
/// a temporary data folder: a reviewer signs off a version of the facet article to go live at a time;
/// the site's own background service puts it on the site when the fake clock passes that time, with no
/// restart, or at start-up when the time passed while the site was down; once. The clock starts on
/// 4 December 2026 at 10:00 (UTC, which is London's time in winter).
/// </summary>
public abstract class ScheduledPublicationTests(Func<EditorSite, EditorSite> onProvider) : IDisposable
{
    private const string Facet = "/conditions/facet-joint-pain";
    private const string FacetEdit = "/admin/edit/conditions/facet-joint-pain";
    private const string FacetFile = "conditions/facet-joint-pain.md";
    private const string Original = "rarely serious";
    private const string Changed = "seldom serious";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero));
    private EditorSite? _started;

    /// <summary>The site on the test's clock and provider, made on first use.</summary>
    private EditorSite _site => _started ??= onProvider(new EditorSite(_time));

    public void Dispose()
    {
        _started?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static async Task<IHtmlDocument> OpenAsync(HttpClient client, string url) =>
        await (await client.GetAsync(new Uri(url, UriKind.Relative))).ParseAsync();

    private static async Task<string> PublicTextAsync(EditorSite site)
    {
        var (response, doc) = await site.CreateClient().GetPageAsync(Facet);
        return response.StatusCode == HttpStatusCode.OK ? doc.QuerySelector("main")!.TextContent : $"HTTP {(int)response.StatusCode}";
    }

    /// <summary>Eddie changes <paramref name="from"/> to <paramref name="to"/> in the facet article and saves it for sign-off.</summary>
    private static async Task<HttpResponseMessage> SaveChangeAsync(EditorSite site, string from, string to)
    {
        var eddie = await site.SignedInAsync("eddie");
        var editor = await OpenAsync(eddie, FacetEdit);
        var body = editor.QuerySelector("#Form_Body")!.TextContent;
        Assert.Contains(from, body, StringComparison.Ordinal);
        return await eddie.SubmitAsync(editor, FacetEdit, "#editor-form",
            new() { ["Form.Body"] = body.Replace(from, to, StringComparison.Ordinal), ["Form.ChangeSummary"] = $"{from} to {to}" }, "#save-button");
    }

    /// <summary>Rita signs off the version waiting, to go live at <paramref name="at"/> (clinic time, as the field sends it).</summary>
    private static async Task<HttpResponseMessage> ScheduleAsync(HttpClient rita, string at, string form = "#sign-off-form") =>
        await rita.SubmitAsync(FacetEdit, form, new() { ["goLive"] = "at", ["goLiveAt"] = at });

    private static int SignOffsOf(EditorSite site, long revision) =>
        site.Services.GetRequiredService<RevisionStore>().ListAsync(FacetFile).Result.Count(r => r.IsSignOff && r.SignedOffRevision == revision);

    [Fact]
    public async Task A_scheduled_sign_off_leaves_the_public_page_until_its_time_then_goes_live_without_a_restart_once()
    {
        Assert.Equal(FacetEdit + "?saved=pending", (await SaveChangeAsync(_site, Original, Changed)).Location());
        var before = await File.ReadAllTextAsync(Path.Combine(_site.ContentPath, FacetFile));
        var rita = await _site.SignedInAsync("rita");

        var scheduled = await ScheduleAsync(rita, "2026-12-05T09:30");

        Assert.Equal(FacetEdit + "?saved=scheduled", scheduled.Location());
        var confirmation = await OpenAsync(rita, scheduled.Location());
        var message = confirmation.GetElementById("editor-message")!.TextContent;
        Assert.Contains("Signed off, to go live on 5 December 2026, 09:30. Until then the public page keeps showing the current version.", message, StringComparison.Ordinal);
        Assert.Contains("The review is dated the day you signed it off, 4 December 2026.", message, StringComparison.Ordinal);
        Assert.Contains($"Scheduled to go live on 5 December 2026, 09:30, signed off by {EditorSite.ReviewerName}", confirmation.GetElementById("scheduled-when")!.TextContent, StringComparison.Ordinal);
        // No longer waiting for a sign-off: no sign-off form, and the editor carries on from the signed version.
        Assert.Null(confirmation.GetElementById("sign-off-form"));
        Assert.Null(confirmation.GetElementById("review-live-form"));
        Assert.Contains(Changed, confirmation.QuerySelector("#Form_Body")!.TextContent, StringComparison.Ordinal);

        var row = (await OpenAsync(rita, "/admin")).QuerySelector($"tr[data-path='{FacetFile}']")!;
        Assert.Equal("Scheduled", row.QuerySelector(".state")!.TextContent);
        Assert.Equal($"Scheduled to go live on 5 December 2026, 09:30, signed off by {EditorSite.ReviewerName}", row.QuerySelector(".scheduled-at")!.TextContent);
        Assert.Empty((await OpenAsync(rita, "/admin?show=sign-off")).QuerySelectorAll($"tr[data-path='{FacetFile}']"));

        // A minute before: nothing is due, and the public page and file are as they were.
        _time.Advance(new DateTimeOffset(2026, 12, 5, 9, 29, 0, TimeSpan.Zero) - _time.GetUtcNow());
        var documents = _site.Services.GetRequiredService<EditorDocuments>();
        Assert.Equal(0, await documents.PublishDueAsync());
        Assert.Contains(Original, await PublicTextAsync(_site), StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(_site.ContentPath, FacetFile)));

        // Its time: the site's own service puts it on the site, with no restart and no request.
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await HttpExtensions.EventuallyAsync(async () => (await PublicTextAsync(_site)).Contains(Changed, StringComparison.Ordinal)),
            "The scheduled version did not go live at its time.");
        var file = await File.ReadAllTextAsync(Path.Combine(_site.ContentPath, FacetFile));
        Assert.Contains($"name: {EditorSite.ReviewerName}", file, StringComparison.Ordinal);
        // Dated the day the reviewer read and signed it, not the day it went live.
        Assert.Contains("lastReviewed: 2026-12-04", file, StringComparison.Ordinal);
        Assert.Contains("Page last reviewed: 4 December 2026", (await _site.CreateClient().GetPageAsync(Facet)).Document.QuerySelector(".review")!.TextContent, StringComparison.Ordinal);

        // Once: a second look, and another hour on the clock, publish nothing more.
        var signed = confirmation.QuerySelector("#scheduled-when")!.TextContent;
        var revision = (await _site.Services.GetRequiredService<RevisionStore>().ListAsync(FacetFile)).Last(r => r.IsSignOff).SignedOffRevision!.Value;
        Assert.Contains($"version {revision}", signed, StringComparison.Ordinal);
        Assert.Equal(0, await documents.PublishDueAsync());
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, SignOffsOf(_site, revision));

        rita = await _site.SignedInAsync("rita"); // a day on, the sign-in has run out
        var history = await OpenAsync(rita, "/admin/history/conditions/facet-joint-pain");
        Assert.Contains("gone live as scheduled for 5 December 2026, 09:30", history.QuerySelector("#revisions tbody tr")!.TextContent, StringComparison.Ordinal);
        var after = (await OpenAsync(rita, "/admin")).QuerySelector($"tr[data-path='{FacetFile}']")!;
        Assert.Equal("Published", after.QuerySelector(".state")!.TextContent);
        Assert.Null(after.QuerySelector(".scheduled-at"));
        Assert.Null((await OpenAsync(rita, FacetEdit)).GetElementById("scheduled"));
    }

    [Fact]
    public async Task A_schedule_that_came_due_while_the_site_was_down_goes_live_when_it_starts()
    {
        // The second site runs over the first one's content and data, two days later.
        var later = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));
        using var restarted = onProvider(new EditorSite(later));
        long revision;
        using (var first = new EditorSite(_time))
        {
            first.With("Content:Path", restarted.ContentPath).With("Data:Path", restarted.DataPath);
            if (restarted.Postgres is { } database)
            {
                Data.PostgresMigrationTests.OnPostgres(first, database);
            }

            await SaveChangeAsync(first, Original, Changed);
            var rita = await first.SignedInAsync("rita");
            Assert.Equal(FacetEdit + "?saved=scheduled", (await ScheduleAsync(rita, "2026-12-05T09:30")).Location());
            revision = (await first.Services.GetRequiredService<ScheduledPublications>().ListOpenAsync()).Single().Revision;
            Assert.Contains(Original, await PublicTextAsync(first), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Changed, await File.ReadAllTextAsync(Path.Combine(restarted.ContentPath, FacetFile)), StringComparison.Ordinal);

        Assert.True(await HttpExtensions.EventuallyAsync(async () => (await PublicTextAsync(restarted)).Contains(Changed, StringComparison.Ordinal)),
            "The schedule that came due while the site was down did not go live at start-up.");
        Assert.Equal(1, SignOffsOf(restarted, revision));
        Assert.Empty(await restarted.Services.GetRequiredService<ScheduledPublications>().ListOpenAsync());
        Assert.Contains("lastReviewed: 2026-12-04", await File.ReadAllTextAsync(Path.Combine(restarted.ContentPath, FacetFile)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_schedule_keeps_the_public_page_and_the_version_waits_for_sign_off_again()
    {
        await SaveChangeAsync(_site, Original, Changed);
        var rita = await _site.SignedInAsync("rita");
        await ScheduleAsync(rita, "2026-12-05T09:30");

        // An editor cannot cancel a reviewer's decision, and is not offered to.
        var eddie = await _site.SignedInAsync("eddie");
        Assert.Null((await OpenAsync(eddie, FacetEdit)).GetElementById("cancel-schedule-form"));

        var scheduledPage = await OpenAsync(rita, FacetEdit);
        var cancelled = await rita.SubmitAsync(scheduledPage, FacetEdit, "#cancel-schedule-form", []);

        Assert.Equal(FacetEdit + "?saved=schedule-cancelled", cancelled.Location());
        var page = await OpenAsync(rita, cancelled.Location());
        Assert.Contains("The scheduled publication was cancelled. Nothing on the public site changed; the version waits for a reviewer's sign-off again.",
            page.GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.GetElementById("scheduled"));
        Assert.NotNull(page.GetElementById("sign-off-form"));
        Assert.Equal("Awaiting sign-off", (await OpenAsync(rita, "/admin")).QuerySelector($"tr[data-path='{FacetFile}'] .state")!.TextContent);

        // Cancelling again from the same page (a second tab) says it is no longer scheduled.
        var again = await rita.SubmitAsync(scheduledPage, FacetEdit, "#cancel-schedule-form", []);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("that publication is no longer scheduled", (await again.ParseAsync()).GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);

        // Past its time, nothing goes live.
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await _site.Services.GetRequiredService<EditorDocuments>().PublishDueAsync());
        Assert.Contains(Original, await PublicTextAsync(_site), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-12-04T09:00", "4 December 2026, 09:00 has passed: it is 4 December 2026, 10:00 at the clinic now. Choose a later time, or choose to go live now.")]
    [InlineData("2026-12-04T10:00", "4 December 2026, 10:00 has passed")]
    [InlineData("2027-12-05T09:00", "5 December 2027, 09:00 is more than a year away (the latest is 4 December 2027, 10:00).")]
    [InlineData("next tuesday", "“next tuesday” is not a date and time.")]
    [InlineData("", "Choose the date and time it should go live, or choose to go live now.")]
    public async Task A_time_not_in_the_coming_year_is_refused_with_its_reason_and_nothing_is_lost(string at, string reason)
    {
        await SaveChangeAsync(_site, Original, Changed);
        var before = await File.ReadAllTextAsync(Path.Combine(_site.ContentPath, FacetFile));
        var rita = await _site.SignedInAsync("rita");

        var refused = await ScheduleAsync(rita, at);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.ParseAsync();
        Assert.StartsWith("Not signed off: ", page.GetElementById("editor-message")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains(reason, page.GetElementById("editor-message")!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(reason, page.GetElementById("error-goLiveAt")!.TextContent, StringComparison.OrdinalIgnoreCase);
        // The reviewer's choices are as they made them, the field says what is wrong, and the version still waits.
        Assert.True(((IHtmlInputElement)page.GetElementById("go-live-later")!).IsChecked);
        Assert.Equal(at, ((IHtmlInputElement)page.GetElementById("go-live-at")!).Value);
        Assert.Contains("error-goLiveAt", page.GetElementById("go-live-at")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.NotNull(page.GetElementById("sign-off-form"));
        Assert.Empty(await _site.Services.GetRequiredService<ScheduledPublications>().ListOpenAsync());
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(_site.ContentPath, FacetFile)));
        Assert.Equal("Awaiting sign-off", (await OpenAsync(rita, "/admin")).QuerySelector($"tr[data-path='{FacetFile}'] .state")!.TextContent);
    }

    [Fact]
    public async Task A_time_given_with_go_live_now_is_not_guessed_at()
    {
        await SaveChangeAsync(_site, Original, Changed);
        var rita = await _site.SignedInAsync("rita");

        var refused = await rita.SubmitAsync(FacetEdit, "#sign-off-form", new() { ["goLive"] = "now", ["goLiveAt"] = "2026-12-05T09:30" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.ParseAsync();
        Assert.Contains("You chose to go live now and also gave a time.", page.GetElementById("error-goLiveAt")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("2026-12-05T09:30", ((IHtmlInputElement)page.GetElementById("go-live-at")!).Value);
        Assert.Contains(Original, await PublicTextAsync(_site), StringComparison.Ordinal);
        Assert.Empty(await _site.Services.GetRequiredService<ScheduledPublications>().ListOpenAsync());
    }

    [Fact]
    public async Task A_new_save_leaves_the_schedule_in_place_and_signing_the_newer_version_off_takes_its_place()
    {
        await SaveChangeAsync(_site, Original, Changed);
        var rita = await _site.SignedInAsync("rita");
        await ScheduleAsync(rita, "2026-12-05T09:30");
        var scheduledRevision = (await _site.Services.GetRequiredService<ScheduledPublications>().ListOpenAsync()).Single().Revision;

        // Eddie's next change starts from the signed-off version, and saving says the schedule stands.
        var saved = await SaveChangeAsync(_site, "facet joints", "facet joints (small joints of the spine)");
        Assert.Equal(FacetEdit + "?saved=pending", saved.Location());
        var eddie = await _site.SignedInAsync("eddie");
        var page = await OpenAsync(eddie, saved.Location());
        Assert.Contains($"Version {scheduledRevision}, signed off by {EditorSite.ReviewerName}, is still scheduled to go live on 5 December 2026, 09:30: saving does not change that.",
            page.GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Changed, page.QuerySelector("#Form_Body")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.GetElementById("scheduled"));
        var row = (await OpenAsync(eddie, "/admin")).QuerySelector($"tr[data-path='{FacetFile}']")!;
        Assert.Equal("Awaiting sign-off", row.QuerySelector(".state")!.TextContent);
        Assert.Contains("Scheduled to go live on 5 December 2026, 09:30", row.QuerySelector(".scheduled-at")!.TextContent, StringComparison.Ordinal);

        // Rita signs the newer version off now: it is live with both changes, and the old schedule is gone.
        var signed = await rita.SubmitAsync(FacetEdit, "#sign-off-form", []);
        Assert.Equal(FacetEdit + "?saved=signed-full", signed.Location());
        var live = await PublicTextAsync(_site);
        Assert.Contains(Changed, live, StringComparison.Ordinal);
        Assert.Contains("small joints of the spine", live, StringComparison.Ordinal);
        Assert.Null((await OpenAsync(rita, FacetEdit)).GetElementById("scheduled"));
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await _site.Services.GetRequiredService<EditorDocuments>().PublishDueAsync());
        Assert.Equal(0, SignOffsOf(_site, scheduledRevision));
        Assert.Contains("small joints of the spine", await PublicTextAsync(_site), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reviewed_still_correct_can_be_scheduled_and_is_dated_the_day_it_was_signed()
    {
        var rita = await _site.SignedInAsync("rita");
        var page = await OpenAsync(rita, FacetEdit);
        var scheduled = await rita.SubmitAsync(page, FacetEdit, "#review-live-form", new() { ["goLive"] = "at", ["goLiveAt"] = "2026-12-10T08:00" });
        Assert.Equal(FacetEdit + "?saved=scheduled", scheduled.Location());
        var confirmation = await OpenAsync(rita, scheduled.Location());
        Assert.Contains("reviewed, still correct", confirmation.GetElementById("scheduled-when")!.TextContent, StringComparison.Ordinal);
        // Signed off already: not offered for review again until it goes live or is cancelled.
        Assert.Null(confirmation.GetElementById("review-live-form"));
        Assert.DoesNotContain("Reviewed by", (await _site.CreateClient().GetPageAsync(Facet)).Document.QuerySelector(".review")?.TextContent ?? "", StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromDays(6));
        Assert.True(await HttpExtensions.EventuallyAsync(async () =>
            ((await _site.CreateClient().GetPageAsync(Facet)).Document.QuerySelector(".review")?.TextContent ?? "").Contains($"Reviewed by {EditorSite.ReviewerName}", StringComparison.Ordinal)));
        var review = (await _site.CreateClient().GetPageAsync(Facet)).Document.QuerySelector(".review")!.TextContent;
        Assert.Contains("Page last reviewed: 4 December 2026", review, StringComparison.Ordinal);
        Assert.Contains("Next review due: 4 December 2029", review, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scheduled_minor_change_keeps_the_review_and_shows_the_day_it_went_live_as_last_updated()
    {
        var rita = await _site.SignedInAsync("rita");
        Assert.Equal(FacetEdit + "?saved=signed-unchanged", (await rita.SubmitAsync(FacetEdit, "#review-live-form", [])).Location());
        await SaveChangeAsync(_site, Original, Changed);

        var scheduled = await rita.SubmitAsync(FacetEdit, "#sign-off-form", new() { ["review"] = "minor", ["goLive"] = "at", ["goLiveAt"] = "2026-12-20T07:00" });
        Assert.Equal(FacetEdit + "?saved=scheduled", scheduled.Location());
        Assert.Contains("The reviewer and review dates of the last full review are kept.", (await OpenAsync(rita, scheduled.Location())).GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromDays(16));
        Assert.True(await HttpExtensions.EventuallyAsync(async () => (await PublicTextAsync(_site)).Contains(Changed, StringComparison.Ordinal)));
        var review = (await _site.CreateClient().GetPageAsync(Facet)).Document.QuerySelector(".review")!.TextContent;
        Assert.Contains("Page last reviewed: 4 December 2026", review, StringComparison.Ordinal);
        // The text the public reads changed on the day it went live.
        Assert.Contains("Last updated: 20 December 2026", review, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_looks_at_once_when_it_comes_due_put_it_live_once()
    {
        await SaveChangeAsync(_site, Original, Changed);
        await ScheduleAsync(await _site.SignedInAsync("rita"), "2026-12-04T10:05");
        var revision = (await _site.Services.GetRequiredService<ScheduledPublications>().ListOpenAsync()).Single().Revision;
        var documents = _site.Services.GetRequiredService<EditorDocuments>();

        // The site's service and five more looks race for it (as a second instance would).
        _time.Advance(TimeSpan.FromMinutes(5));
        var published = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => documents.PublishDueAsync())));

        Assert.True(await HttpExtensions.EventuallyAsync(async () => (await PublicTextAsync(_site)).Contains(Changed, StringComparison.Ordinal)));
        Assert.True(published.Sum() <= 1, $"Published {published.Sum()} times by the extra looks.");
        Assert.Equal(1, SignOffsOf(_site, revision));
    }

    [Fact]
    public async Task Times_are_the_clinics_so_in_summer_a_time_is_an_hour_ahead_of_utc()
    {
        using var summer = new EditorSite(new FakeTimeProvider(new DateTimeOffset(2027, 5, 31, 10, 0, 0, TimeSpan.Zero)));
        var clock = (FakeTimeProvider)summer.Time!;
        await SaveChangeAsync(summer, Original, Changed);
        var rita = await summer.SignedInAsync("rita");
        await ScheduleAsync(rita, "2027-06-01T09:30");
        Assert.Contains("Scheduled to go live on 1 June 2027, 09:30", (await OpenAsync(rita, FacetEdit)).GetElementById("scheduled-when")!.TextContent, StringComparison.Ordinal);

        // 08:29 UTC is 09:29 in London: not yet. 08:30 UTC is its time.
        clock.Advance(new DateTimeOffset(2027, 6, 1, 8, 29, 0, TimeSpan.Zero) - clock.GetUtcNow());
        Assert.Equal(0, await summer.Services.GetRequiredService<EditorDocuments>().PublishDueAsync());
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await HttpExtensions.EventuallyAsync(async () => (await PublicTextAsync(summer)).Contains(Changed, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_schedule_whose_live_page_was_changed_by_hand_meanwhile_does_not_go_live_over_it_and_says_why()
    {
        await SaveChangeAsync(_site, Original, Changed);
        var rita = await _site.SignedInAsync("rita");
        await ScheduleAsync(rita, "2026-12-05T09:30");
        var path = Path.Combine(_site.ContentPath, FacetFile);
        var handEdited = (await File.ReadAllTextAsync(path)).Replace("rarely serious", "hardly ever serious", StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, handEdited);
        _site.Services.GetRequiredService<Web.Content.ContentStore>().Reload();

        _time.Advance(TimeSpan.FromDays(1));
        var failed = await EventuallyFailedAsync(await _site.SignedInAsync("rita"));

        Assert.Contains("did not go live: The published version changed after the sign-off", failed, StringComparison.Ordinal);
        var row = (await OpenAsync(await _site.SignedInAsync("rita"), "/admin")).QuerySelector($"tr[data-path='{FacetFile}']")!;
        Assert.Equal("The publication scheduled for 5 December 2026, 09:30 did not go live: open the article to see why.", row.QuerySelector(".schedule-failed")!.TextContent);
        Assert.Null(row.QuerySelector(".scheduled-at"));
        Assert.Equal(handEdited, await File.ReadAllTextAsync(path));
        Assert.Contains("hardly ever serious", await PublicTextAsync(_site), StringComparison.Ordinal);

        // A reviewer signs the article off again: the failure has been dealt with and is no longer shown.
        _time.Advance(TimeSpan.FromMinutes(1));
        rita = await _site.SignedInAsync("rita");
        Assert.Equal(FacetEdit + "?saved=signed-unchanged", (await rita.SubmitAsync(FacetEdit, "#review-live-form", [])).Location());
        Assert.Null((await OpenAsync(rita, FacetEdit)).GetElementById("schedule-failed"));
        Assert.Null((await OpenAsync(rita, "/admin")).QuerySelector($"tr[data-path='{FacetFile}'] .schedule-failed"));
    }

    private async Task<string> EventuallyFailedAsync(HttpClient client)
    {
        var text = "";
        Assert.True(await HttpExtensions.EventuallyAsync(async () =>
        {
            text = (await OpenAsync(client, FacetEdit)).GetElementById("schedule-failed")?.TextContent ?? "";
            return text.Length > 0;
        }), "The failed schedule was not shown on the editor page.");
        return text;
    }
}

/// <summary>Scheduled publishing with editor.db in the data folder.</summary>
public sealed class ScheduledPublicationOnSqliteTests() : ScheduledPublicationTests(EditorSite.OnSqlite)
{
}

/// <summary>Scheduled publishing on a PostgreSQL database of each test's own.</summary>
public sealed class ScheduledPublicationOnPostgresTests(TestPostgres postgres) : ScheduledPublicationTests(EditorSite.OnPostgres(postgres)), IClassFixture<TestPostgres>
{
}
