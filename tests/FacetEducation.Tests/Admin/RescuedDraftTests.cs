using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FacetEducation.Tests.Admin;

/// <summary>
/// Without JavaScript, a Save or Preview pressed after the sign-in ran out keeps the form as a
/// rescued draft, and signing in again puts it back in the editor, for the same user only.
/// </summary>
public abstract class RescuedDraftTests : IDisposable
{
    private const string Edit = "/admin/edit/blog/desk-neck-tips";
    private const string Typed = "A paragraph typed just before the session ended.";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly EditorSite _site;

    protected RescuedDraftTests(Func<EditorSite, EditorSite> onProvider) => _site = onProvider(new EditorSite(_time));

    public void Dispose()
    {
        _site.Dispose();
        GC.SuppressFinalize(this);
    }

    private string PostFile => Path.Combine(_site.ContentPath, "blog", "desk-neck-tips.md");

    private Task<int> StoredDraftsAsync() => _site.Services.GetRequiredService<RescuedDrafts>().CountAsync();

    /// <summary>Past the default eight-hour sign-in.</summary>
    private void LetTheSessionRunOut() => _time.Advance(TimeSpan.FromHours(9));

    private static async Task<IHtmlDocument> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ParseAsync();
    }

    /// <summary>The return address carried by a redirect to the sign-in page.</summary>
    private static string ReturnUrlOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(response.Location());
        Assert.Equal("/admin/sign-in", location.AbsolutePath);
        return QueryHelpers.ParseQuery(location.Query)["ReturnUrl"].ToString();
    }

    /// <summary>Eddie opens the post, his session runs out, he presses Save: the return address.</summary>
    private async Task<(HttpClient Client, string ReturnUrl, string Body)> SaveAfterTheSessionRanOutAsync(string user = "eddie")
    {
        var client = await _site.SignedInAsync(user);
        var page = await PageAsync(client, Edit);
        var body = page.QuerySelector("#Form_Body")!.TextContent;
        LetTheSessionRunOut();

        var response = await client.SubmitAsync(page, Edit, "#editor-form",
            new() { ["Form.Body"] = body + "\n\n" + Typed, ["Form.ChangeSummary"] = "Closing paragraph" }, "#save-button");

        return (client, ReturnUrlOf(response), body);
    }

    [Fact]
    public async Task A_save_after_the_session_ran_out_is_put_back_in_the_editor_after_signing_in_again()
    {
        var before = await File.ReadAllTextAsync(PostFile);
        var client = await _site.SignedInAsync("eddie");
        var page = await PageAsync(client, Edit);
        var baseHash = page.QuerySelector<IHtmlInputElement>("input[name='Form.BaseHash']")!.Value;
        var body = page.QuerySelector("#Form_Body")!.TextContent;
        LetTheSessionRunOut();

        var response = await client.SubmitAsync(page, Edit, "#editor-form",
            new() { ["Form.Body"] = body + "\n\n" + Typed, ["Form.Title"] = "Desk and neck: new tips", ["Form.ChangeSummary"] = "Closing paragraph" },
            "#save-button");

        // Off to sign in, with the way back to this draft.
        var returnUrl = ReturnUrlOf(response);
        Assert.Matches("^/admin/edit/blog/desk-neck-tips\\?draft=[0-9a-f]{32}$", returnUrl);
        Assert.Equal(1, await StoredDraftsAsync());
        Assert.Equal(before, await File.ReadAllTextAsync(PostFile));

        // The sign-in page says what will happen.
        var signInUrl = new Uri(response.Location()).PathAndQuery;
        var signInPage = await PageAsync(client, signInUrl);
        var notice = signInPage.GetElementById("rescued-draft")!.TextContent;
        Assert.Contains("Your session ended. Sign in again and your unsaved changes to “Desk and neck: new tips”", notice, StringComparison.Ordinal);
        Assert.Contains("content/blog/desk-neck-tips.md", notice, StringComparison.Ordinal);
        Assert.Contains("will be put back in the editor", notice, StringComparison.Ordinal);

        // Signing in leads back to the editor, with the text as it was typed and a clear message.
        var signedIn = await client.SubmitAsync(signInPage, signInUrl, "form",
            new() { ["userName"] = "eddie", ["password"] = EditorSite.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(returnUrl, signedIn.Location());
        var editor = await PageAsync(client, returnUrl);
        Assert.Equal("These are the unsaved changes you made before your session ended. They are not saved yet: check them and press Save.",
            editor.GetElementById("editor-message")!.TextContent.Trim());
        Assert.Contains(Typed, editor.QuerySelector("#Form_Body")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Desk and neck: new tips", editor.QuerySelector<IHtmlInputElement>("#Form_Title")!.Value);
        Assert.Equal("Closing paragraph", editor.QuerySelector<IHtmlInputElement>("#Form_ChangeSummary")!.Value);
        Assert.Equal(baseHash, editor.QuerySelector<IHtmlInputElement>("input[name='Form.BaseHash']")!.Value);

        // Putting it back saved and published nothing, and used the draft up.
        Assert.Equal(before, await File.ReadAllTextAsync(PostFile));
        Assert.Equal(0, await StoredDraftsAsync());
        var again = await PageAsync(client, returnUrl);
        Assert.Contains("could not be found", again.GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(Typed, again.QuerySelector("#Form_Body")!.TextContent, StringComparison.Ordinal);

        // Pressing Save on the put-back form saves it.
        var saved = await client.SubmitAsync(editor, returnUrl, "#editor-form", [], "#save-button");
        Assert.Equal(Edit + "?saved=published", saved.Location());
        Assert.Contains(Typed, await File.ReadAllTextAsync(PostFile), StringComparison.Ordinal);

        // The logs name the draft and the user, never the text.
        Assert.Contains("eddie", _site.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(Typed, _site.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rescued_draft_puts_back_its_source_rows_as_typed_and_its_ticked_related_articles()
    {
        var client = await _site.SignedInAsync("eddie");
        var page = await PageAsync(client, Edit);
        var facetJointPain = page.QuerySelectorAll("#related label").Single(l => l.TextContent.StartsWith("Facet joint pain", StringComparison.Ordinal));
        page.GetElementById(facetJointPain.GetAttribute("for")!)!.SetAttribute("checked", "checked");
        LetTheSessionRunOut();

        var response = await client.SubmitAsync(page, Edit, "#editor-form", new()
        {
            ["Form.Sources[1].Title"] = "Neck pain: exercises",
            ["Form.Sources[1].Year"] = "20l9",
            ["Form.Sources[0].Remove"] = "true",
        }, "#add-source");
        var returnUrl = ReturnUrlOf(response);
        await client.SubmitAsync(await PageAsync(client, new Uri(response.Location()).PathAndQuery), new Uri(response.Location()).PathAndQuery, "form",
            new() { ["userName"] = "eddie", ["password"] = EditorSite.Password });

        var editor = await PageAsync(client, returnUrl);
        Assert.True(editor.QuerySelector<IHtmlInputElement>("#Form_Sources_0__Remove")!.IsChecked);
        Assert.Equal("Neck pain", editor.QuerySelector<IHtmlInputElement>("#Form_Sources_0__Title")!.Value);
        Assert.Equal("Neck pain: exercises", editor.QuerySelector<IHtmlInputElement>("#Form_Sources_1__Title")!.Value);
        Assert.Equal("20l9", editor.QuerySelector<IHtmlInputElement>("#Form_Sources_1__Year")!.Value);
        var ticked = editor.QuerySelectorAll<IHtmlInputElement>("input[name='Form.Related']").Where(b => b.IsChecked).Select(b => b.Value);
        Assert.Equal(["facet-joint-pain", "spinal-anatomy-explained", "why-rest-is-not-best"], ticked.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Another_user_cannot_load_a_rescued_draft_and_its_owner_still_can()
    {
        var (eddie, returnUrl, _) = await SaveAfterTheSessionRanOutAsync("eddie");

        var rita = await _site.SignedInAsync("rita");
        var ritasView = await PageAsync(rita, returnUrl);

        Assert.Contains("could not be found", ritasView.GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(Typed, ritasView.QuerySelector("#Form_Body")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await StoredDraftsAsync());

        await EditorSite.SignInAsync(eddie, "eddie");
        var eddiesView = await PageAsync(eddie, returnUrl);
        Assert.Contains(Typed, eddiesView.QuerySelector("#Form_Body")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preview_of_a_new_article_after_the_session_ran_out_is_rescued_and_creates_no_file()
    {
        const string edit = "/admin/edit/blog/standing-at-work";
        var client = await _site.SignedInAsync("eddie");
        var page = await PageAsync(client, edit + "?title=Standing%20at%20work");
        LetTheSessionRunOut();

        var response = await client.SubmitAsync(page, edit, "#editor-form",
            new() { ["Form.Body"] = "## Why stand\n\n" + Typed }, "#preview-button");

        var returnUrl = ReturnUrlOf(response);
        Assert.StartsWith(edit + "?draft=", returnUrl, StringComparison.Ordinal);
        await EditorSite.SignInAsync(client, "eddie");
        var editor = await PageAsync(client, returnUrl);
        Assert.Contains("not saved yet", editor.GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Typed, editor.QuerySelector("#Form_Body")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Standing at work", editor.QuerySelector<IHtmlInputElement>("#Form_Title")!.Value);
        Assert.False(File.Exists(Path.Combine(_site.ContentPath, "blog", "standing-at-work.md")));
    }

    [Fact]
    public async Task A_rescued_draft_keeps_the_version_it_started_from_so_a_newer_save_is_not_overwritten()
    {
        var (eddie, returnUrl, body) = await SaveAfterTheSessionRanOutAsync("eddie");
        var rita = await _site.SignedInAsync("rita");
        var ritas = await rita.SubmitAsync(Edit, "#editor-form", new() { ["Form.Body"] = body + "\n\nRita's newer paragraph." }, "#save-button");
        Assert.Equal(HttpStatusCode.Redirect, ritas.StatusCode);

        await EditorSite.SignInAsync(eddie, "eddie");
        var editor = await PageAsync(eddie, returnUrl);
        Assert.Contains("Someone has saved a newer version", editor.GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
        var refused = await eddie.SubmitAsync(editor, returnUrl, "#editor-form", [], "#save-button");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var doc = await refused.ParseAsync();
        Assert.Contains(Typed, doc.QuerySelector("#Form_Body")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(doc.GetElementById("stale-diff"));
        var file = await File.ReadAllTextAsync(PostFile);
        Assert.Contains("Rita's newer paragraph.", file, StringComparison.Ordinal);
        Assert.DoesNotContain(Typed, file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_older_than_a_day_is_not_put_back_and_is_purged()
    {
        var (client, returnUrl, _) = await SaveAfterTheSessionRanOutAsync();
        _time.Advance(TimeSpan.FromHours(25));

        await EditorSite.SignInAsync(client, "eddie");
        var editor = await PageAsync(client, returnUrl);

        Assert.Contains("could not be found", editor.GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(Typed, editor.QuerySelector("#Form_Body")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await StoredDraftsAsync());
    }

    [Fact]
    public async Task An_anonymous_post_without_a_sign_in_cookie_keeps_nothing()
    {
        var response = await _site.Client().PostAsync(new Uri(Edit + "?handler=Save", UriKind.Relative),
            new FormUrlEncodedContent([new("Form.Body", "Planted text"), new("Form.BaseHash", "")]));

        Assert.DoesNotContain("draft", ReturnUrlOf(response), StringComparison.Ordinal);
        Assert.Equal(0, await StoredDraftsAsync());
    }

    [Fact]
    public async Task A_tampered_sign_in_cookie_keeps_nothing()
    {
        var cookies = new CookieContainer();
        var client = _site.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
        await EditorSite.SignInAsync(client, "eddie");
        var page = await PageAsync(client, Edit);
        LetTheSessionRunOut();
        var admin = new Uri("http://localhost/admin/edit");
        var value = cookies.GetCookies(admin)["facet_editor"]!.Value;
        var flipped = value[..40] + (value[40] == 'A' ? 'B' : 'A') + value[41..];
        cookies.SetCookies(new Uri("http://localhost/admin"), $"facet_editor={flipped}; path=/admin");
        Assert.Equal(flipped, cookies.GetCookies(admin)["facet_editor"]!.Value);

        var response = await client.SubmitAsync(page, Edit, "#editor-form", new() { ["Form.Body"] = Typed }, "#save-button");

        Assert.DoesNotContain("draft", ReturnUrlOf(response), StringComparison.Ordinal);
        Assert.Equal(0, await StoredDraftsAsync());
    }

    [Fact]
    public async Task A_post_with_the_cookie_but_without_the_forms_antiforgery_token_keeps_nothing()
    {
        var client = await _site.SignedInAsync("eddie");
        LetTheSessionRunOut();

        var response = await client.PostAsync(new Uri(Edit + "?handler=Save", UriKind.Relative),
            new FormUrlEncodedContent([new("Form.Body", "Planted text"), new("Form.BaseHash", "")]));

        Assert.DoesNotContain("draft", ReturnUrlOf(response), StringComparison.Ordinal);
        Assert.Equal(0, await StoredDraftsAsync());
    }

    [Fact]
    public async Task Bad_input_never_fails_the_request()
    {
        // A form over the request form limits, with a usable (run-out) cookie: the plain redirect.
        var client = await _site.SignedInAsync("eddie");
        LetTheSessionRunOut();
        var tooMany = Enumerable.Range(0, 2000).Select(i => new KeyValuePair<string, string>("f" + i, "x"));
        var response = await client.PostAsync(new Uri(Edit + "?handler=Save", UriKind.Relative), new FormUrlEncodedContent(tooMany));
        Assert.DoesNotContain("draft", ReturnUrlOf(response), StringComparison.Ordinal);
        var notAForm = await client.PostAsync(new Uri(Edit + "?handler=Preview", UriKind.Relative), new StringContent("{\"Form.Body\":1}"));
        Assert.DoesNotContain("draft", ReturnUrlOf(notAForm), StringComparison.Ordinal);
        Assert.Equal(0, await StoredDraftsAsync());

        // Draft ids that are malformed or unknown: the editor opens as usual, the sign-in page says nothing.
        await EditorSite.SignInAsync(client, "eddie");
        foreach (var draft in new[] { "nonsense", "0123456789abcdef0123456789abcdef", "%00", string.Concat(Enumerable.Repeat("f", 5000)) })
        {
            var editor = await PageAsync(client, $"{Edit}?draft={draft}");
            Assert.Contains("could not be found", editor.GetElementById("editor-message")!.TextContent, StringComparison.Ordinal);
            var signIn = await PageAsync(_site.Client(), "/admin/sign-in?ReturnUrl=" + Uri.EscapeDataString($"{Edit}?draft={draft}"));
            Assert.Null(signIn.GetElementById("rescued-draft"));
        }
    }
}

/// <summary>The rescued drafts with editor.db in the data folder.</summary>
public sealed class RescuedDraftOnSqliteTests() : RescuedDraftTests(EditorSite.OnSqlite)
{
}

/// <summary>The rescued drafts on a PostgreSQL database of each test's own.</summary>
public sealed class RescuedDraftOnPostgresTests(TestPostgres postgres) : RescuedDraftTests(EditorSite.OnPostgres(postgres)), IClassFixture<TestPostgres>
{
}
