using System.Net;
using System.Text.RegularExpressions;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;
using Microsoft.Extensions.DependencyInjection;

namespace FacetEducation.Tests.Admin;

/// <summary>Saving, reloading, stale saves, sign-off and history, through the real forms, on both providers.</summary>
public abstract class EditingTests(Func<EditorSite, EditorSite> onProvider) : IDisposable
{
    private readonly EditorSite _site = onProvider(new EditorSite());

    public void Dispose()
    {
        _site.Dispose();
        GC.SuppressFinalize(this);
    }

    private static async Task<string> PublicTextAsync(HttpClient client, string url)
    {
        var (response, doc) = await client.GetPageAsync(url);
        return response.StatusCode == HttpStatusCode.OK ? doc.QuerySelector("main")!.TextContent : $"HTTP {(int)response.StatusCode}";
    }

    private static async Task<string> BodyOfEditorAsync(HttpClient client, string url) =>
        (await (await client.GetAsync(new Uri(url, UriKind.Relative))).ParseAsync()).QuerySelector("#Form_Body")!.TextContent;

    [Fact]
    public async Task Saving_a_post_publishes_it_atomically_and_the_public_page_follows()
    {
        var client = await _site.SignedInAsync("eddie");
        const string edit = "/admin/edit/blog/desk-neck-tips";
        var body = await BodyOfEditorAsync(client, edit);

        var response = await client.SubmitAsync(edit, "#editor-form",
            new() { ["Form.Body"] = body + "\n\nA brand new closing paragraph about standing desks.", ["Form.ChangeSummary"] = "Added a closing line" },
            "#save-button");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(edit + "?saved=published", response.Location());
        var file = await File.ReadAllTextAsync(Path.Combine(_site.ContentPath, "blog", "desk-neck-tips.md"));
        Assert.Contains("A brand new closing paragraph about standing desks.", file, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(_site.ContentPath, "blog"), ".*"));
        Assert.True(await HttpExtensions.EventuallyAsync(async () =>
            (await PublicTextAsync(client, "/blog/desk-neck-tips")).Contains("brand new closing paragraph", StringComparison.Ordinal)));
        // The saved file is still a valid post, read by the same parser as a hand edit.
        Assert.DoesNotContain(_site.Services.GetRequiredService<ContentStore>().Reload().Errors, e => e.File == "blog/desk-neck-tips.md");
    }

    [Fact]
    public async Task A_save_from_a_stale_version_is_refused_with_a_diff_and_keeps_the_users_text()
    {
        var first = await _site.SignedInAsync("eddie");
        var second = await _site.SignedInAsync("rita");
        const string edit = "/admin/edit/blog/why-rest-is-not-best";
        var firstPage = await (await first.GetAsync(new Uri(edit, UriKind.Relative))).ParseAsync();
        var secondPage = await (await second.GetAsync(new Uri(edit, UriKind.Relative))).ParseAsync();
        var body = firstPage.QuerySelector("#Form_Body")!.TextContent;

        var saved = await first.SubmitAsync(firstPage, edit, "#editor-form", new() { ["Form.Body"] = body + "\n\nEddie's new paragraph." }, "#save-button");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var refused = await second.SubmitAsync(secondPage, edit, "#editor-form", new() { ["Form.Body"] = body + "\n\nRita's different paragraph." }, "#save-button");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var doc = await refused.ParseAsync();
        Assert.Contains("Not saved", doc.GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Eddie Editor", doc.GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
        var diff = doc.GetElementById("stale-diff")!;
        Assert.Contains(diff.QuerySelectorAll(".diff__line--added"), l => l.TextContent.Contains("Eddie's new paragraph.", StringComparison.Ordinal));
        Assert.Contains("Rita's different paragraph.", doc.QuerySelector("#Form_Body")!.TextContent, StringComparison.Ordinal);
        var file = await File.ReadAllTextAsync(Path.Combine(_site.ContentPath, "blog", "why-rest-is-not-best.md"));
        Assert.Contains("Eddie's new paragraph.", file, StringComparison.Ordinal);
        Assert.DoesNotContain("Rita's different paragraph.", file, StringComparison.Ordinal);

        // A second plain Save from the same stale form is refused again: nothing is overwritten unless chosen.
        var again = await second.SubmitAsync(doc, edit, "#editor-form", [], "#save-button");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.DoesNotContain("Rita's different paragraph.", await File.ReadAllTextAsync(Path.Combine(_site.ContentPath, "blog", "why-rest-is-not-best.md")), StringComparison.Ordinal);

        // "Keep mine, replace theirs" is the deliberate choice, and it goes through.
        var replaced = await second.SubmitAsync(await again.ParseAsync(), edit, "#editor-form", [], "#replace-button");
        Assert.Equal(HttpStatusCode.Redirect, replaced.StatusCode);
        var after = await File.ReadAllTextAsync(Path.Combine(_site.ContentPath, "blog", "why-rest-is-not-best.md"));
        Assert.Contains("Rita's different paragraph.", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Eddie's new paragraph.", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replace_theirs_is_refused_when_a_newer_version_came_after_the_one_shown()
    {
        var first = await _site.SignedInAsync("eddie");
        var second = await _site.SignedInAsync("rita");
        const string edit = "/admin/edit/blog/why-rest-is-not-best";
        var secondPage = await (await second.GetAsync(new Uri(edit, UriKind.Relative))).ParseAsync();
        var body = secondPage.QuerySelector("#Form_Body")!.TextContent;
        await first.SubmitAsync(edit, "#editor-form", new() { ["Form.Body"] = body + "\n\nEddie one." }, "#save-button");
        var refused = await second.SubmitAsync(secondPage, edit, "#editor-form", new() { ["Form.Body"] = body + "\n\nRita." }, "#save-button");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        await first.SubmitAsync(edit, "#editor-form", new() { ["Form.Body"] = body + "\n\nEddie two." }, "#save-button");

        var replaced = await second.SubmitAsync(await refused.ParseAsync(), edit, "#editor-form", [], "#replace-button");

        Assert.Equal(HttpStatusCode.Conflict, replaced.StatusCode);
        Assert.Contains("Eddie two.", await File.ReadAllTextAsync(Path.Combine(_site.ContentPath, "blog", "why-rest-is-not-best.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_save_by_the_same_user_in_another_tab_says_it_was_you()
    {
        var client = await _site.SignedInAsync("eddie");
        const string edit = "/admin/edit/blog/why-rest-is-not-best";
        var tabA = await (await client.GetAsync(new Uri(edit, UriKind.Relative))).ParseAsync();
        var tabB = await (await client.GetAsync(new Uri(edit, UriKind.Relative))).ParseAsync();
        var body = tabA.QuerySelector("#Form_Body")!.TextContent;
        await client.SubmitAsync(tabA, edit, "#editor-form", new() { ["Form.Body"] = body + "\n\nTab A." }, "#save-button");

        var refused = await client.SubmitAsync(tabB, edit, "#editor-form", new() { ["Form.Body"] = body + "\n\nTab B." }, "#save-button");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var message = (await refused.ParseAsync()).GetElementById("editor-message")!.TextContent;
        Assert.Matches(@"you saved this in another tab or window at \d\d:\d\d", message);
        Assert.DoesNotContain("Eddie Editor", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reviewers_diff_marks_the_changed_word_within_the_sentence_and_names_it()
    {
        var editor = await _site.SignedInAsync("eddie");
        const string edit = "/admin/edit/conditions/spinal-anatomy-explained";
        var body = await BodyOfEditorAsync(editor, edit);
        await editor.SubmitAsync(edit, "#editor-form",
            new() { ["Form.Body"] = body.Replace("The spine is a stack of bones", "The spine is a column of bones", StringComparison.Ordinal), ["Form.ChangeSummary"] = "Column" },
            "#save-button");

        var page = await (await (await _site.SignedInAsync("rita")).GetAsync(new Uri(edit, UriKind.Relative))).ParseAsync();

        var diff = page.QuerySelector("#sign-off .diff")!;
        var removed = diff.QuerySelector(".diff__line--removed")!;
        var added = diff.QuerySelector(".diff__line--added")!;
        Assert.Equal("[removed: stack]", Assert.Single(removed.QuerySelectorAll("del.diff__words")).TextContent);
        Assert.Equal("[added: column]", Assert.Single(added.QuerySelectorAll("ins.diff__words")).TextContent);
        // The rest of the sentence is there, unmarked, around the changed word.
        Assert.Contains("The spine is a [added: column] of bones called vertebrae.", added.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_a_condition_article_with_errors_says_so_at_once_and_lists_them()
    {
        var editor = await _site.SignedInAsync("eddie");
        const string edit = "/admin/edit/conditions/spinal-anatomy-explained";
        var body = await BodyOfEditorAsync(editor, edit);
        var saved = await editor.SubmitAsync(edit, "#editor-form",
            new() { ["Form.Body"] = body.Replace("## Vertebrae", "## Vertebrae\n\nSee [the missing page](/conditions/no-such-page).", StringComparison.Ordinal), ["Form.ChangeSummary"] = "A link" },
            "#save-button");
        Assert.Equal(edit + "?saved=pending-errors", saved.Location());

        var page = await (await editor.GetAsync(new Uri(saved.Location(), UriKind.Relative))).ParseAsync();
        Assert.Contains("this version has errors, so a reviewer cannot sign it off", page.GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("/conditions/no-such-page", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_condition_change_is_published_only_when_a_reviewer_signs_off_that_version()
    {
        var editor = await _site.SignedInAsync("eddie");
        const string edit = "/admin/edit/conditions/spinal-anatomy-explained";
        var body = await BodyOfEditorAsync(editor, edit);
        var saved = await editor.SubmitAsync(edit, "#editor-form",
            new() { ["Form.Body"] = body.Replace("## Vertebrae", "## Vertebrae\n\nThe vertebrae are stacked like cotton reels.", StringComparison.Ordinal), ["Form.ChangeSummary"] = "Cotton reels" },
            "#save-button");
        Assert.Equal(edit + "?saved=pending", saved.Location());

        // Not public yet, and the file in content/ is untouched.
        Assert.DoesNotContain("cotton reels", await PublicTextAsync(editor, "/conditions/spinal-anatomy-explained"), StringComparison.Ordinal);
        Assert.DoesNotContain("cotton reels", await File.ReadAllTextAsync(Path.Combine(_site.ContentPath, "conditions", "spinal-anatomy-explained.md")), StringComparison.Ordinal);
        var dashboard = await (await editor.GetAsync(new Uri("/admin", UriKind.Relative))).ParseAsync();
        Assert.Equal("Awaiting sign-off", dashboard.QuerySelector("tr[data-path='conditions/spinal-anatomy-explained.md'] .state")!.TextContent);

        // An editor cannot sign off: no form, and a forged post is refused.
        var editorPage = await (await editor.GetAsync(new Uri(edit, UriKind.Relative))).ParseAsync();
        Assert.Null(editorPage.GetElementById("sign-off-form"));
        Assert.Contains("reviewer role must sign", editorPage.GetElementById("sign-off")!.TextContent, StringComparison.Ordinal);
        var pendingId = await PendingRevisionIdAsync(await _site.SignedInAsync("rita"), edit);
        var forgedSignOff = await PostSignOffAsync(editor, editorPage, edit, pendingId);
        Assert.Equal(HttpStatusCode.Forbidden, forgedSignOff.StatusCode);
        Assert.Contains("reviewer role", (await forgedSignOff.ParseAsync()).GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);

        // The reviewer signs off: published, naming the reviewer.
        var reviewer = await _site.SignedInAsync("rita");
        var signed = await reviewer.SubmitAsync(edit, "#sign-off-form", new() { ["review"] = "full" });
        Assert.Equal(edit + "?saved=signed-full", signed.Location());
        Assert.True(await HttpExtensions.EventuallyAsync(async () =>
            (await PublicTextAsync(reviewer, "/conditions/spinal-anatomy-explained")).Contains("cotton reels", StringComparison.Ordinal)));
        var (_, article) = await reviewer.GetPageAsync("/conditions/spinal-anatomy-explained");
        Assert.Contains($"Reviewed by {EditorSite.ReviewerName}, {EditorSite.ReviewerRegistration}", article.QuerySelector(".review")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("not yet been checked by a clinician", article.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shipped_article_read_and_found_right_is_signed_off_as_its_first_review()
    {
        var reviewer = await _site.SignedInAsync("rita");
        const string edit = "/admin/edit/conditions/facet-joint-pain";
        var (_, before) = await reviewer.GetPageAsync("/conditions/facet-joint-pain");
        Assert.Equal("This page has not yet been checked by a clinician.", before.QuerySelector(".review")!.TextContent.Trim());

        // Nothing to change: an unchanged save keeps nothing, and points at the review of the live version.
        var saved = await reviewer.SubmitAsync(edit, "#editor-form", new() { ["Form.ChangeSummary"] = "First clinical review" }, "#save-button");
        Assert.Equal(edit + "?saved=nochange", saved.Location());
        var afterSave = await (await reviewer.GetAsync(new Uri(saved.Location(), UriKind.Relative))).ParseAsync();
        Assert.Contains("Reviewed, still correct", afterSave.GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
        Assert.Null(afterSave.GetElementById("minor-not-offered"));

        var signed = await reviewer.SubmitAsync(afterSave, edit, "#review-live-form", []);
        Assert.Equal(edit + "?saved=signed-unchanged", signed.Location());

        var today = _site.Services.GetRequiredService<ClinicClock>().Today;
        Assert.True(await HttpExtensions.EventuallyAsync(async () =>
            (await PublicTextAsync(reviewer, "/conditions/facet-joint-pain")).Contains($"Reviewed by {EditorSite.ReviewerName}", StringComparison.Ordinal)));
        var (_, after) = await reviewer.GetPageAsync("/conditions/facet-joint-pain");
        Assert.Contains($"Page last reviewed: {today.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"))}", after.QuerySelector(".review")!.TextContent, StringComparison.Ordinal);
        var dashboard = await (await reviewer.GetAsync(new Uri("/admin", UriKind.Relative))).ParseAsync();
        Assert.Equal("Published", dashboard.QuerySelector("tr[data-path='conditions/facet-joint-pain.md'] .state")!.TextContent);
    }

    [Fact]
    public async Task Signing_off_an_older_version_than_the_newest_is_refused()
    {
        var reviewer = await _site.SignedInAsync("rita");
        const string edit = "/admin/edit/conditions/spinal-anatomy-explained";
        var body = await BodyOfEditorAsync(reviewer, edit);
        await reviewer.SubmitAsync(edit, "#editor-form", new() { ["Form.Body"] = body + "\n\nFirst change." }, "#save-button");
        var pageWithFirst = await (await reviewer.GetAsync(new Uri(edit, UriKind.Relative))).ParseAsync();
        var eddie = await _site.SignedInAsync("eddie");
        await eddie.SubmitAsync(edit, "#editor-form", new() { ["Form.Body"] = body + "\n\nFirst change.\n\nSecond change." }, "#save-button");

        var response = await reviewer.SubmitAsync(pageWithFirst, edit, "#sign-off-form", new() { ["review"] = "full" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("newer version", (await response.ParseAsync()).GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("First change.", await File.ReadAllTextAsync(Path.Combine(_site.ContentPath, "conditions", "spinal-anatomy-explained.md")), StringComparison.Ordinal);
    }

    /// <summary>What a sighted reader sees: the text without the words kept for screen readers.</summary>
    private static string VisibleText(AngleSharp.Dom.IElement element)
    {
        var copy = (AngleSharp.Dom.IElement)element.Clone(deep: true);
        foreach (var hidden in copy.QuerySelectorAll(".visually-hidden").ToList())
        {
            hidden.Remove();
        }

        return copy.TextContent;
    }

    [Fact]
    public async Task History_lists_versions_shows_a_diff_and_restores_an_old_one()
    {
        var client = await _site.SignedInAsync("eddie");
        const string edit = "/admin/edit/blog/scan-results-explained";
        var original = await BodyOfEditorAsync(client, edit);
        await client.SubmitAsync(edit, "#editor-form", new() { ["Form.Body"] = original + "\n\nVersion two line.", ["Form.ChangeSummary"] = "Second" }, "#save-button");
        await client.SubmitAsync(edit, "#editor-form", new() { ["Form.Body"] = original + "\n\nVersion three line.", ["Form.ChangeSummary"] = "Third" }, "#save-button");
        // A hand edit is recorded as a change made outside the editor.
        var path = Path.Combine(_site.ContentPath, "blog", "scan-results-explained.md");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("Version three line.", "Version three line, edited by hand.", StringComparison.Ordinal));

        var history = await (await client.GetAsync(new Uri("/admin/history/blog/scan-results-explained", UriKind.Relative))).ParseAsync();
        var rows = history.QuerySelectorAll("#revisions tbody tr");
        Assert.Equal(4, rows.Length);
        Assert.Contains("outside the editor", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Third", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Eddie Editor", rows[1].TextContent, StringComparison.Ordinal);
        var ids = rows.Select(r => r.GetAttribute("data-revision")!).ToList();

        var diff = await (await client.GetAsync(new Uri($"/admin/history/blog/scan-results-explained?from={ids[2]}&to={ids[1]}", UriKind.Relative))).ParseAsync();
        // The changed line reads whole on each side, with the changed word marked within it.
        var removed = Assert.Single(diff.QuerySelectorAll(".diff__line--removed"), l => VisibleText(l).Contains("Version two line.", StringComparison.Ordinal));
        Assert.Equal("two", removed.QuerySelector("del.diff__words")?.TextContent.Replace("[removed: ", "", StringComparison.Ordinal).TrimEnd(']'));
        var added = Assert.Single(diff.QuerySelectorAll(".diff__line--added"), l => VisibleText(l).Contains("Version three line.", StringComparison.Ordinal));
        Assert.Equal("three", added.QuerySelector("ins.diff__words")?.TextContent.Replace("[added: ", "", StringComparison.Ordinal).TrimEnd(']'));

        var restorePage = $"/admin/history/blog/scan-results-explained?from={ids[1]}&to={ids[3]}";
        var restored = await client.SubmitAsync(restorePage, "#restore-form", []);
        Assert.Equal(edit + "?saved=published", restored.Location());
        var file = await File.ReadAllTextAsync(path);
        Assert.DoesNotContain("Version", file, StringComparison.Ordinal);
        Assert.True(await HttpExtensions.EventuallyAsync(async () =>
            !(await PublicTextAsync(client, "/blog/scan-results-explained")).Contains("Version three", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_new_condition_article_starts_from_the_template_and_waits_for_sign_off()
    {
        var client = await _site.SignedInAsync("rita");
        var started = await client.SubmitAsync("/admin/new", "#new-form", new() { ["Kind"] = "conditions", ["Title"] = "Whiplash" });
        Assert.Equal("/admin/edit/conditions/whiplash?title=Whiplash", started.Location());

        var editor = await (await client.GetAsync(new Uri(started.Location(), UriKind.Relative))).ParseAsync();
        var body = editor.QuerySelector("#Form_Body")!.TextContent;
        Assert.Contains("::: immediate", body, StringComparison.Ordinal);
        Assert.Contains("::: urgent", body, StringComparison.Ordinal);
        Assert.Contains("## When to get help", body, StringComparison.Ordinal);
        Assert.Contains("::: faq", body, StringComparison.Ordinal);
        // The template's instructions are errors until they are replaced, and nothing else is.
        var errors = editor.QuerySelectorAll(".finding--error").Select(e => e.TextContent).ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Contains("instruction from the new-article template", e, StringComparison.Ordinal));
        foreach (var phrase in ContentRules.PlaceholderPhrases)
        {
            body = Regex.Replace(body, Regex.Escape(phrase) + "[^\n]*", "Plain words the clinician wrote.", RegexOptions.IgnoreCase);
        }

        var saved = await client.SubmitAsync(editor, started.Location(), "#editor-form", new() { ["Form.Draft"] = "false", ["Form.Body"] = body }, "#save-button");
        Assert.Equal("/admin/edit/conditions/whiplash?saved=pending", saved.Location());
        Assert.False(File.Exists(Path.Combine(_site.ContentPath, "conditions", "whiplash.md")));

        var signed = await client.SubmitAsync("/admin/edit/conditions/whiplash", "#sign-off-form", new() { ["review"] = "full" });
        Assert.Equal("/admin/edit/conditions/whiplash?saved=signed-full", signed.Location());
        Assert.True(await HttpExtensions.EventuallyAsync(async () => (await PublicTextAsync(client, "/conditions/whiplash")).Contains("Whiplash", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_dashboard_lists_every_document_with_state_dates_reading_age_and_checks()
    {
        _site.WriteContent("conditions/old-review.md", TestContent.Condition("Old review", "## When to get help\n\n::: immediate Call 999 if:\n- you are very unwell\n:::\n\n::: urgent Call 111 if:\n- it is getting worse\n:::\n")
            .Replace("nextReviewDue: 2029-01-10", "nextReviewDue: 2026-01-11", StringComparison.Ordinal));
        await _site.RecordSignOffAsync("conditions/old-review.md");
        var client = await _site.SignedInAsync("eddie");

        var doc = await (await client.GetAsync(new Uri("/admin", UriKind.Relative))).ParseAsync();

        // Every shipped article, post and page, and the one written above.
        var shipped = new[] { "conditions", "blog", "pages" }.Sum(folder => Directory.GetFiles(Path.Combine(TestContent.ShippedContentPath, folder), "*.md").Length);
        var rows = doc.QuerySelectorAll("#documents tbody tr");
        Assert.Equal(shipped + 1, rows.Length);
        // The shipped articles have never been signed off: listed as awaiting their first review.
        var facet = doc.QuerySelector("tr[data-path='conditions/facet-joint-pain.md']")!;
        Assert.Equal("Published, awaiting its first review", facet.QuerySelector(".state")!.TextContent);
        Assert.Equal("", facet.Children[3].TextContent.Trim());
        Assert.Contains("0 error(s), 1 warning(s)", facet.TextContent, StringComparison.Ordinal);
        Assert.Contains("Awaiting its first review: no clinician has signed this article off", facet.TextContent, StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d$", facet.Children[5].TextContent.Trim());
        Assert.Equal("Published, awaiting its first review",
            doc.QuerySelector("tr[data-path='conditions/spinal-anatomy-explained.md'] .state")!.TextContent);
        var old = doc.QuerySelector("tr[data-path='conditions/old-review.md']")!;
        Assert.Equal("Published", old.QuerySelector(".state")!.TextContent);
        Assert.Contains("10 January 2026", old.Children[3].TextContent, StringComparison.Ordinal);
        Assert.NotNull(old.QuerySelector(".due--overdue"));
        Assert.Contains("overdue", old.TextContent, StringComparison.Ordinal);
    }

    private static async Task<string> PendingRevisionIdAsync(HttpClient reviewer, string edit) =>
        (await (await reviewer.GetAsync(new Uri(edit, UriKind.Relative))).ParseAsync()).QuerySelector("#sign-off-form input[name=revisionId]")!.GetAttribute("value")!;

    private static async Task<HttpResponseMessage> PostSignOffAsync(HttpClient client, AngleSharp.Html.Dom.IHtmlDocument page, string edit, string revisionId)
    {
        var token = page.QuerySelector("#editor-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.PostAsync(new Uri(edit + "?handler=SignOff", UriKind.Relative),
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("revisionId", revisionId), new("review", "full")]));
    }
}

/// <summary>The editing suite with editor.db in the data folder.</summary>
public sealed class EditingOnSqliteTests() : EditingTests(EditorSite.OnSqlite)
{
}

/// <summary>The editing suite on a PostgreSQL database of each test's own.</summary>
public sealed class EditingOnPostgresTests(TestPostgres postgres) : EditingTests(EditorSite.OnPostgres(postgres)), IClassFixture<TestPostgres>
{
}
