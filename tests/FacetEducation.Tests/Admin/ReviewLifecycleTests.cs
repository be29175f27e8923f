using System.Globalization;
using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FacetEducation.Tests.Admin;

/// <summary>
/// The review lifecycle through the real editor forms, the editor's store in a temporary data folder
/// and a temporary copy of the shipped content: "reviewed, still correct", a minor change that keeps
/// the reviewer, publishing or keeping a draft at sign-off, throwing a draft away, and review claims
/// that no sign-off wrote. The clock starts on 4 December 2026 and moves when a test says so.
/// </summary>
public abstract class ReviewLifecycleTests : IDisposable
{
    private const string Facet = "/conditions/facet-joint-pain";
    private const string FacetEdit = "/admin/edit/conditions/facet-joint-pain";
    private const string SecondReviewerName = "Sam Second";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero));
    private readonly EditorSite _site;

    protected ReviewLifecycleTests(Func<EditorSite, EditorSite> onProvider)
    {
        _site = onProvider(new EditorSite(_time));
        // A second reviewer, to show whose name a minor change leaves on the page.
        _site.With("Editor:Accounts:2:UserName", "sam")
            .With("Editor:Accounts:2:DisplayName", SecondReviewerName)
            .With("Editor:Accounts:2:Registration", "HCPC PH888888")
            .With("Editor:Accounts:2:Role", "reviewer")
            .With("Editor:Accounts:2:PasswordHash", new PasswordHasher<EditorAccount>().HashPassword(new EditorAccount(), EditorSite.Password));
    }

    public void Dispose()
    {
        _site.Dispose();
        GC.SuppressFinalize(this);
    }

    private string FilePath(string relative) => Path.Combine(_site.ContentPath, relative);

    private static async Task<IHtmlDocument> OpenAsync(HttpClient client, string url) =>
        await (await client.GetAsync(new Uri(url, UriKind.Relative))).ParseAsync();

    private async Task<IHtmlDocument> PublicPageAsync(string url)
    {
        var (response, doc) = await _site.CreateClient().GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return doc;
    }

    private static JsonElement MedicalWebPage(IHtmlDocument doc) =>
        doc.QuerySelectorAll("script[type='application/ld+json']")
            .Select(s => JsonDocument.Parse(s.TextContent).RootElement)
            .Single(e => e.GetProperty("@type").GetString() == "MedicalWebPage");

    /// <summary>Rita signs off a full review of the facet article as it stands, dating it today.</summary>
    private async Task<HttpClient> SignOffFacetAsItStandsAsync()
    {
        var rita = await _site.SignedInAsync("rita");
        var signed = await rita.SubmitAsync(FacetEdit, "#review-live-form", []);
        Assert.Equal(FacetEdit + "?saved=signed-unchanged", signed.Location());
        return rita;
    }

    [Fact]
    public async Task A_routine_review_with_nothing_to_change_moves_the_dates_on_and_the_history_records_it()
    {
        await SignOffFacetAsItStandsAsync();
        var firstReview = await File.ReadAllTextAsync(FilePath("conditions/facet-joint-pain.md"));
        Assert.Contains("lastReviewed: 2026-12-04", firstReview, StringComparison.Ordinal);
        Assert.Contains("nextReviewDue: 2029-12-04", firstReview, StringComparison.Ordinal);

        // Three years and a month on, the review is overdue.
        _time.Advance(new DateOnly(2030, 1, 15).ToDateTime(TimeOnly.MinValue) - new DateTime(2026, 12, 4));
        var rita = await _site.SignedInAsync("rita");
        var dashboard = await OpenAsync(rita, "/admin");
        Assert.NotNull(dashboard.QuerySelector("tr[data-path='conditions/facet-joint-pain.md'] .due--overdue"));

        // Save with nothing changed keeps nothing and says where the review is signed off.
        var save = await rita.SubmitAsync(FacetEdit, "#editor-form", [], "#save-button");
        Assert.Equal(FacetEdit + "?saved=nochange", save.Location());
        var page = await OpenAsync(rita, save.Location());
        Assert.Contains("Reviewed, still correct", page.GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);

        var signed = await rita.SubmitAsync(page, FacetEdit, "#review-live-form", []);
        Assert.Equal(FacetEdit + "?saved=signed-unchanged", signed.Location());
        var confirmation = await OpenAsync(rita, signed.Location());
        Assert.Contains("Signed off as a full clinical review, with no change to the text and published", confirmation.GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Facet, confirmation.GetElementById("public-link")!.GetAttribute("href"));

        // Only the review dates changed in the file.
        var reviewed = await File.ReadAllTextAsync(FilePath("conditions/facet-joint-pain.md"));
        Assert.Equal(firstReview.Replace("2026-12-04", "2030-01-15", StringComparison.Ordinal).Replace("2029-12-04", "2033-01-15", StringComparison.Ordinal), reviewed);

        var article = await PublicPageAsync(Facet);
        var review = article.QuerySelector(".review")!.TextContent;
        Assert.Contains("Page last reviewed: 15 January 2030", review, StringComparison.Ordinal);
        Assert.Contains("Next review due: 15 January 2033", review, StringComparison.Ordinal);
        Assert.Contains($"Reviewed by {EditorSite.ReviewerName}, {EditorSite.ReviewerRegistration}", review, StringComparison.Ordinal);
        Assert.Equal("2030-01-15", MedicalWebPage(article).GetProperty("lastReviewed").GetString());

        var history = await OpenAsync(rita, "/admin/history/conditions/facet-joint-pain");
        var newest = history.QuerySelector("#revisions tbody tr")!;
        Assert.Contains("revision--live", newest.ClassList);
        Assert.Contains($"Signed off by {EditorSite.ReviewerName} as a full review of the live version, with no change to the text", newest.TextContent, StringComparison.Ordinal);
        Assert.Single(history.QuerySelectorAll("#revisions tr.revision--live"));
    }

    [Fact]
    public async Task A_minor_change_keeps_the_last_full_reviews_reviewer_and_dates_and_shows_last_updated()
    {
        await SignOffFacetAsItStandsAsync();
        _time.Advance(TimeSpan.FromDays(20));

        // Eddie, an editor, fixes a word and asks for a minor change.
        var eddie = await _site.SignedInAsync("eddie");
        var editor = await OpenAsync(eddie, FacetEdit);
        var body = editor.QuerySelector("#Form_Body")!.TextContent;
        Assert.Contains("rarely serious", body, StringComparison.Ordinal);
        var saved = await eddie.SubmitAsync(editor, FacetEdit, "#editor-form",
            new() { ["Form.Body"] = body.Replace("rarely serious", "seldom serious", StringComparison.Ordinal), ["Form.Minor"] = "true", ["Form.ChangeSummary"] = "Wording" },
            "#save-button");
        Assert.Equal(FacetEdit + "?saved=pending", saved.Location());

        // Sam, another reviewer, signs it off as a minor change (the box Eddie ticked is the default).
        var sam = await _site.SignedInAsync("sam");
        var signOff = await OpenAsync(sam, FacetEdit);
        Assert.True(((IHtmlInputElement)signOff.GetElementById("review-minor")!).IsChecked);
        var signed = await sam.SubmitAsync(signOff, FacetEdit, "#sign-off-form", []);
        Assert.Equal(FacetEdit + "?saved=signed-minor", signed.Location());

        var file = await File.ReadAllTextAsync(FilePath("conditions/facet-joint-pain.md"));
        Assert.Contains("seldom serious", file, StringComparison.Ordinal);
        Assert.Contains($"name: {EditorSite.ReviewerName}", file, StringComparison.Ordinal);
        Assert.DoesNotContain(SecondReviewerName, file, StringComparison.Ordinal);
        Assert.Contains("lastReviewed: 2026-12-04", file, StringComparison.Ordinal);

        var article = await PublicPageAsync(Facet);
        var review = article.QuerySelector(".review")!.TextContent;
        Assert.Contains("Page last reviewed: 4 December 2026", review, StringComparison.Ordinal);
        Assert.Contains($"Reviewed by {EditorSite.ReviewerName}", review, StringComparison.Ordinal);
        Assert.Contains("Last updated: 24 December 2026", review, StringComparison.Ordinal);
        Assert.DoesNotContain(SecondReviewerName, article.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Last updated: 24 December 2026", article.QuerySelector(".handout-footer")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(EditorSite.ReviewerName, MedicalWebPage(article).GetProperty("reviewedBy").GetProperty("name").GetString());

        // The history names who saved the version and who signed it off.
        var history = await OpenAsync(sam, "/admin/history/conditions/facet-joint-pain");
        var newest = history.QuerySelector("#revisions tbody tr")!;
        Assert.Contains($"Signed off by {SecondReviewerName} as a minor change (review dates kept)", newest.TextContent, StringComparison.Ordinal);
        Assert.Contains("saved by Eddie Editor", newest.TextContent, StringComparison.Ordinal);

        // A full review afterwards puts its own reviewer and date on the page, and "Last updated" goes.
        _time.Advance(TimeSpan.FromDays(1));
        sam = await _site.SignedInAsync("sam");
        var again = await sam.SubmitAsync(FacetEdit, "#review-live-form", []);
        Assert.Equal(FacetEdit + "?saved=signed-unchanged", again.Location());
        var afterFull = (await PublicPageAsync(Facet)).QuerySelector(".review")!.TextContent;
        Assert.Contains($"Reviewed by {SecondReviewerName}", afterFull, StringComparison.Ordinal);
        Assert.Contains("Page last reviewed: 25 December 2026", afterFull, StringComparison.Ordinal);
        Assert.DoesNotContain("Last updated", afterFull, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_minor_change_is_not_offered_for_an_article_never_fully_reviewed_and_a_forged_one_is_refused()
    {
        const string edit = "/admin/edit/conditions/spinal-anatomy-explained";
        var eddie = await _site.SignedInAsync("eddie");
        var editor = await OpenAsync(eddie, edit);
        Assert.Null(editor.QuerySelector("#editor-form input[name='Form.Minor']"));
        var body = editor.QuerySelector("#Form_Body")!.TextContent;
        await eddie.SubmitAsync(editor, edit, "#editor-form", new() { ["Form.Body"] = body + "\n\nA new closing line.", ["Form.Minor"] = "true" }, "#save-button");
        var before = await File.ReadAllTextAsync(FilePath("conditions/spinal-anatomy-explained.md"));

        var rita = await _site.SignedInAsync("rita");
        var page = await OpenAsync(rita, edit);
        Assert.Null(page.GetElementById("review-minor"));
        Assert.Contains("A minor change is not offered", page.GetElementById("minor-not-offered")!.TextContent, StringComparison.Ordinal);
        Assert.True(((IHtmlInputElement)page.GetElementById("review-full")!).IsChecked);

        var forged = await rita.SubmitAsync(page, edit, "#sign-off-form", new() { ["review"] = "minor" });

        Assert.Equal(HttpStatusCode.Conflict, forged.StatusCode);
        Assert.Contains("has not had one signed off here", (await forged.ParseAsync()).GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(FilePath("conditions/spinal-anatomy-explained.md")));
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
    public async Task A_new_article_kept_as_a_draft_at_sign_off_is_not_called_published_and_is_published_when_chosen()
    {
        var rita = await _site.SignedInAsync("rita");
        var started = await rita.SubmitAsync("/admin/new", "#new-form", new() { ["Kind"] = "conditions", ["Title"] = "Whiplash" });
        var editor = await OpenAsync(rita, started.Location());
        // The template does not tick Draft: the sign-off is where publishing is decided.
        Assert.False(((IHtmlInputElement)editor.QuerySelector("#editor-form input[name='Form.Draft'][type=checkbox]")!).IsChecked);
        var saved = await rita.SubmitAsync(editor, started.Location(), "#editor-form",
            new() { ["Form.Body"] = WhiplashBody, ["Form.Draft"] = "true" }, "#save-button");
        Assert.Equal("/admin/edit/conditions/whiplash?saved=pending", saved.Location());

        // A draft: publish or keep it is asked, with nothing chosen for the reviewer.
        const string edit = "/admin/edit/conditions/whiplash";
        var page = await OpenAsync(rita, edit);
        Assert.Contains("marked as a draft", page.QuerySelector("#sign-off-form .publication")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(page.QuerySelectorAll("#sign-off-form input[name=publication]"), r => ((IHtmlInputElement)r).IsChecked);
        var unchosen = await rita.SubmitAsync(page, edit, "#sign-off-form", []);
        Assert.Equal(HttpStatusCode.Conflict, unchosen.StatusCode);
        Assert.Contains("Choose whether to publish it or keep it as a draft", (await unchosen.ParseAsync()).GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);

        var kept = await rita.SubmitAsync(edit, "#sign-off-form", new() { ["publication"] = "draft" });
        Assert.Equal(edit + "?saved=signed-full", kept.Location());
        var keptPage = await OpenAsync(rita, kept.Location());
        var message = keptPage.GetElementById("editor-message")!.TextContent;
        Assert.Contains("kept as a draft: it is not on the public site", message, StringComparison.Ordinal);
        Assert.DoesNotContain("published", message, StringComparison.Ordinal);
        Assert.Null(keptPage.GetElementById("public-link"));
        Assert.Contains("draft: true", await File.ReadAllTextAsync(FilePath("conditions/whiplash.md")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _site.CreateClient().GetAsync(new Uri("/conditions/whiplash", UriKind.Relative))).StatusCode);

        // Later the reviewer publishes it, with no change to the text: now it says published, with the link.
        var published = await rita.SubmitAsync(keptPage, edit, "#review-live-form", new() { ["publication"] = "publish" });
        Assert.Equal(edit + "?saved=signed-unchanged", published.Location());
        var publishedPage = await OpenAsync(rita, published.Location());
        Assert.Contains("and published", publishedPage.GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/conditions/whiplash", publishedPage.GetElementById("public-link")!.GetAttribute("href"));
        var article = await PublicPageAsync("/conditions/whiplash");
        Assert.Contains($"Reviewed by {EditorSite.ReviewerName}", article.QuerySelector(".review")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Whiplash", (await PublicPageAsync("/conditions")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_throws_away_an_unsigned_draft_without_a_sign_off_and_the_history_says_who()
    {
        const string edit = "/admin/edit/conditions/spinal-anatomy-explained";
        var live = await File.ReadAllTextAsync(FilePath("conditions/spinal-anatomy-explained.md"));
        var eddie = await _site.SignedInAsync("eddie");
        var editor = await OpenAsync(eddie, edit);
        var body = editor.QuerySelector("#Form_Body")!.TextContent;
        await eddie.SubmitAsync(editor, edit, "#editor-form", new() { ["Form.Body"] = body + "\n\nA bad paragraph.", ["Form.ChangeSummary"] = "Bad idea" }, "#save-button");

        var discarded = await eddie.SubmitAsync(edit, "#discard-form", []);

        Assert.Equal(edit + "?saved=discarded", discarded.Location());
        var page = await OpenAsync(eddie, discarded.Location());
        Assert.Contains("thrown away", page.GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("A bad paragraph.", page.QuerySelector("#Form_Body")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.GetElementById("sign-off"));
        Assert.Equal(live, await File.ReadAllTextAsync(FilePath("conditions/spinal-anatomy-explained.md")));
        var dashboard = await OpenAsync(eddie, "/admin");
        Assert.Equal("Published, awaiting its first review", dashboard.QuerySelector("tr[data-path='conditions/spinal-anatomy-explained.md'] .state")!.TextContent);

        var history = await OpenAsync(eddie, "/admin/history/conditions/spinal-anatomy-explained");
        var rows = history.QuerySelectorAll("#revisions tbody tr");
        Assert.Equal(3, rows.Length);
        Assert.Contains("Thrown away by Eddie Editor", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Not published: thrown away by Eddie Editor", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Eddie Editor", rows[1].Children[4].TextContent, StringComparison.Ordinal);
        Assert.Equal(rows[2], history.QuerySelector("#revisions tr.revision--live"));
        Assert.Contains("Live version", rows[2].TextContent, StringComparison.Ordinal);

        // Saving again after the discard starts from the live version, as usual.
        var again = await eddie.SubmitAsync(edit, "#editor-form", new() { ["Form.Body"] = body + "\n\nA better paragraph." }, "#save-button");
        Assert.Equal(edit + "?saved=pending", again.Location());
    }

    [Fact]
    public async Task Throwing_away_the_draft_of_an_article_never_published_removes_it_from_the_dashboard()
    {
        var eddie = await _site.SignedInAsync("eddie");
        var started = await eddie.SubmitAsync("/admin/new", "#new-form", new() { ["Kind"] = "conditions", ["Title"] = "Whiplash" });
        await eddie.SubmitAsync(started.Location(), "#editor-form", new() { ["Form.Body"] = WhiplashBody }, "#save-button");
        Assert.NotNull((await OpenAsync(eddie, "/admin")).QuerySelector("tr[data-path='conditions/whiplash.md']"));

        var discarded = await eddie.SubmitAsync("/admin/edit/conditions/whiplash", "#discard-form", []);

        Assert.Equal("/admin?discarded=conditions%2Fwhiplash.md", discarded.Location());
        var dashboard = await OpenAsync(eddie, discarded.Location());
        Assert.Contains("content/conditions/whiplash.md was thrown away", dashboard.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        Assert.Null(dashboard.QuerySelector("tr[data-path='conditions/whiplash.md']"));
        Assert.False(File.Exists(FilePath("conditions/whiplash.md")));
        Assert.Equal(HttpStatusCode.NotFound, (await eddie.GetAsync(new Uri("/admin/edit/conditions/whiplash", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_review_written_by_hand_is_not_shown_as_a_review_until_a_reviewer_signs_it_off()
    {
        var rita = await SignOffFacetAsItStandsAsync();
        var path = FilePath("conditions/facet-joint-pain.md");
        // A body edit by hand keeps the signed-off review on the page.
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("rarely serious", "seldom serious", StringComparison.Ordinal));
        _site.Services.GetRequiredService<ContentStore>().Reload();
        Assert.Contains($"Reviewed by {EditorSite.ReviewerName}", (await PublicPageAsync(Facet)).QuerySelector(".review")!.TextContent, StringComparison.Ordinal);

        // A git pull that brings another reviewer's name and a later date: not a sign-off here.
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path))
            .Replace($"name: {EditorSite.ReviewerName}", "name: Someone Elsewhere", StringComparison.Ordinal)
            .Replace("lastReviewed: 2026-12-04", "lastReviewed: 2026-12-05", StringComparison.Ordinal));
        _site.Services.GetRequiredService<ContentStore>().Reload();

        var article = await PublicPageAsync(Facet);
        Assert.Equal("This page is waiting for a clinician to confirm its review.", article.QuerySelector(".review")!.TextContent.Trim());
        Assert.DoesNotContain("Someone Elsewhere", article.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Page last reviewed", article.QuerySelector(".handout-footer")!.TextContent, StringComparison.Ordinal);
        Assert.False(MedicalWebPage(article).TryGetProperty("lastReviewed", out _));
        Assert.False(MedicalWebPage(article).TryGetProperty("reviewedBy", out _));

        var row = (await OpenAsync(rita, "/admin")).QuerySelector("tr[data-path='conditions/facet-joint-pain.md']")!;
        Assert.Contains(_site.Logs.Events, e => e.Level == Serilog.Events.LogEventLevel.Warning
            && e.RenderMessage(CultureInfo.InvariantCulture).Contains("conditions/facet-joint-pain.md\": the reviewer or review dates were changed outside the editor", StringComparison.Ordinal));
        Assert.Equal("Published, review not signed off here", row.QuerySelector(".state")!.TextContent);
        Assert.Contains("were not written by a sign-off in this site's editor", row.TextContent, StringComparison.Ordinal);
        var editor = await OpenAsync(rita, FacetEdit);
        Assert.NotNull(editor.GetElementById("review-not-signed-off"));

        // The reviewer reads it and signs off: now the page shows her review.
        _time.Advance(TimeSpan.FromDays(2));
        rita = await _site.SignedInAsync("rita");
        var signed = await rita.SubmitAsync(FacetEdit, "#review-live-form", []);
        Assert.Equal(FacetEdit + "?saved=signed-unchanged", signed.Location());
        var review = (await PublicPageAsync(Facet)).QuerySelector(".review")!.TextContent;
        Assert.Contains($"Reviewed by {EditorSite.ReviewerName}", review, StringComparison.Ordinal);
        Assert.Contains("Page last reviewed: 6 December 2026", review, StringComparison.Ordinal);
        Assert.Equal("Published", (await OpenAsync(rita, "/admin")).QuerySelector("tr[data-path='conditions/facet-joint-pain.md'] .state")!.TextContent);
    }

    [Fact]
    public async Task Check_content_warns_of_a_review_no_sign_off_wrote_and_says_when_it_has_no_history_to_compare()
    {
        await SignOffFacetAsItStandsAsync();
        // A review claim put in by hand, with a date, on an article never signed off.
        _site.WriteContent("conditions/hand-claimed.md", TestContent.Condition("Hand claimed",
            "Text.\n\n## When to get help\n\n::: immediate Call 999 if:\n- you cannot feel your legs\n:::\n\n::: urgent Call 111 if:\n- it is getting worse\n:::\n"));

        var output = new StringWriter();
        await CheckContentCommand.RunAsync([$"--Content:Path={_site.ContentPath}", .. _site.DataArguments()], output);

        var text = output.ToString();
        Assert.Contains("conditions/hand-claimed.md: warning: The reviewer or review dates were not written by a sign-off", text, StringComparison.Ordinal);
        Assert.DoesNotContain("conditions/facet-joint-pain.md: warning: The reviewer or review dates", text, StringComparison.Ordinal);
        Assert.DoesNotContain("no editor history", text, StringComparison.Ordinal);

        // Where there is no data folder (CI, a fresh clone), it compares nothing and says so once.
        if (_site.Postgres is not null)
        {
            return;
        }

        var empty = Directory.CreateTempSubdirectory("facet-no-data-").FullName;
        try
        {
            var withoutHistory = new StringWriter();
            await CheckContentCommand.RunAsync([$"--Content:Path={_site.ContentPath}", $"--Data:Path={empty}"], withoutHistory);
            Assert.Contains($"note: no editor history at {Path.Combine(empty, "editor.db")}", withoutHistory.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("were not written by a sign-off", withoutHistory.ToString(), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(empty, "editor.db")));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}

/// <summary>The review lifecycle with editor.db in the data folder.</summary>
public sealed class ReviewLifecycleOnSqliteTests() : ReviewLifecycleTests(EditorSite.OnSqlite)
{
}

/// <summary>The review lifecycle on a PostgreSQL database of each test's own: the sign-offs are read from there.</summary>
public sealed class ReviewLifecycleOnPostgresTests(TestPostgres postgres) : ReviewLifecycleTests(EditorSite.OnPostgres(postgres)), IClassFixture<TestPostgres>
{
}
