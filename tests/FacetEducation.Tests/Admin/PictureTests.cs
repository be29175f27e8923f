using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AngleSharp.Html.Dom;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace FacetEducation.Tests.Admin;

/// <summary>
/// Pictures through the real forms, over a temporary copy of the shipped content: an upload waits
/// unpublished until a version using it goes live (a post when saved, a condition article when signed
/// off), the same file uploaded twice is stored once, the Pictures page says where each picture is used
/// (files, waiting versions, the history, rescued drafts), and only an unused picture can be deleted.
/// </summary>
public sealed class PictureTests : IDisposable
{
    private const string PostEdit = "/admin/edit/blog/desk-neck-tips";
    private const string ConditionEdit = "/admin/edit/conditions/facet-joint-pain";

    private readonly EditorSite _site = new();

    public void Dispose() => _site.Dispose();

    private string PublicFolder => Path.Combine(_site.ContentPath, "images");

    private string UnpublishedFolder => Path.Combine(_site.ContentPath, PictureFolders.UnpublishedFolderName);

    /// <summary>A picture of one colour, so each test's pictures differ from each other.</summary>
    private static byte[] Picture(SKColor colour)
    {
        using var bitmap = new SKBitmap(24, 16);
        bitmap.Erase(colour);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Uploads as the editor's script does (the Pictures page's form, asked for JSON).</summary>
    private static async Task<JsonElement> UploadAsync(HttpClient client, byte[] bytes, string fileName, string alt)
    {
        var page = await (await client.GetAsync(new Uri(PostEdit, UriKind.Relative))).ParseAsync();
        var token = page.QuerySelector("#upload-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent(alt), "alt" } };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        content.Add(file, "file", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(page.QuerySelector("#upload-form")!.GetAttribute("action")!, UriKind.Relative)) { Content = content };
        request.Headers.Add("X-Requested-With", "fetch");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    /// <summary>Saves <paramref name="edit"/> with <paramref name="line"/> added at the end of its body; returns where the save went.</summary>
    private static async Task<string> SaveWithAsync(HttpClient client, string edit, string line, string? replacing = null)
    {
        var page = await (await client.GetAsync(new Uri(edit, UriKind.Relative))).ParseAsync();
        var body = page.QuerySelector("#Form_Body")!.TextContent;
        var changed = replacing is null ? body.TrimEnd() + "\n\n" + line + "\n" : body.Replace(replacing, line, StringComparison.Ordinal);
        var saved = await client.SubmitAsync(page, edit, "#editor-form", new() { ["Form.Body"] = changed }, "#save-button");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        return saved.Location();
    }

    private async Task<HttpStatusCode> PublicStatusAsync(string name) =>
        (await _site.CreateClient().GetAsync(new Uri("/images/" + name, UriKind.Relative))).StatusCode;

    private static async Task<IHtmlDocument> PicturesPageAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync(new Uri("/admin/images" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ParseAsync();
    }

    [Fact]
    public async Task The_same_file_uploaded_twice_is_stored_once_and_the_second_upload_returns_the_first()
    {
        var eddie = await _site.SignedInAsync("eddie");
        var bytes = Picture(SKColors.SteelBlue);

        var first = await UploadAsync(eddie, bytes, "desk.png", "A desk");
        var second = await UploadAsync(eddie, bytes, "my desk photo.png", "The same desk");

        Assert.Equal("![A desk](/images/desk.png)", first.GetProperty("markdown").GetString());
        Assert.False(first.GetProperty("existing").GetBoolean());
        Assert.Equal("![The same desk](/images/desk.png)", second.GetProperty("markdown").GetString());
        Assert.True(second.GetProperty("existing").GetBoolean());
        Assert.Contains("already stored as desk.png", second.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(["desk.png"], Directory.GetFiles(UnpublishedFolder).Select(Path.GetFileName));

        // The stored picture itself (as the editor's address hands it out) is the same picture again.
        var stored = await eddie.GetByteArrayAsync(new Uri(PictureFolders.EditorUrl("desk.png"), UriKind.Relative));
        var third = await UploadAsync(eddie, stored, "downloaded.png", "Desk again");
        Assert.Equal("![Desk again](/images/desk.png)", third.GetProperty("markdown").GetString());

        // Once public, it is still the one copy.
        await SaveWithAsync(eddie, PostEdit, "![A desk](/images/desk.png)");
        var fourth = await UploadAsync(eddie, bytes, "desk-again.png", "Desk");
        Assert.Equal("![Desk](/images/desk.png)", fourth.GetProperty("markdown").GetString());
        Assert.Equal(["desk.png"], Directory.GetFiles(PublicFolder).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(UnpublishedFolder));

        // A different picture with the same name gets a name of its own.
        var other = await UploadAsync(eddie, Picture(SKColors.OrangeRed), "desk.png", "Another desk");
        Assert.Equal("![Another desk](/images/desk-2.png)", other.GetProperty("markdown").GetString());
    }

    [Fact]
    public async Task A_blog_posts_picture_goes_public_when_the_post_is_saved()
    {
        var eddie = await _site.SignedInAsync("eddie");
        await UploadAsync(eddie, Picture(SKColors.SeaGreen), "stretch.png", "A neck stretch");
        Assert.Equal(HttpStatusCode.NotFound, await PublicStatusAsync("stretch.png"));

        var saved = await SaveWithAsync(eddie, PostEdit, "![A neck stretch](/images/stretch.png)");

        Assert.Equal(PostEdit + "?saved=published", saved);
        Assert.Equal(HttpStatusCode.OK, await PublicStatusAsync("stretch.png"));
        Assert.True(File.Exists(Path.Combine(PublicFolder, "stretch.png")));
        Assert.False(File.Exists(Path.Combine(UnpublishedFolder, "stretch.png")));
        var post = await _site.CreateClient().GetStringAsync(new Uri("/blog/desk-neck-tips", UriKind.Relative));
        Assert.Contains("<img src=\"/images/stretch.png\" alt=\"A neck stretch\"", post, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_picture_for_an_unsigned_condition_draft_is_not_public_until_it_is_signed_off()
    {
        var eddie = await _site.SignedInAsync("eddie");
        await UploadAsync(eddie, Picture(SKColors.Goldenrod), "facet-joint.png", "A facet joint");

        var saved = await SaveWithAsync(eddie, ConditionEdit, "![A facet joint](/images/facet-joint.png)");

        // Saved for sign-off without an error about the picture, which visitors cannot see yet.
        Assert.Equal(ConditionEdit + "?saved=pending", saved);
        Assert.Equal(HttpStatusCode.NotFound, await PublicStatusAsync("facet-joint.png"));
        var publicPage = await _site.CreateClient().GetStringAsync(new Uri("/conditions/facet-joint-pain", UriKind.Relative));
        Assert.DoesNotContain("facet-joint.png", publicPage, StringComparison.Ordinal);

        // Nor does the dashboard count the picture as missing in the version waiting.
        var dashboard = await (await eddie.GetAsync(new Uri("/admin", UriKind.Relative))).ParseAsync();
        Assert.DoesNotContain("facet-joint.png", dashboard.QuerySelector("tr[data-path='conditions/facet-joint-pain.md'] .checks-cell")!.TextContent, StringComparison.Ordinal);

        // The signed-in editor's preview shows it from the editor's own address, which only they can open.
        var editor = await (await eddie.GetAsync(new Uri(ConditionEdit, UriKind.Relative))).ParseAsync();
        var shown = editor.QuerySelector("#preview img[alt='A facet joint']")!.GetAttribute("src")!;
        Assert.Equal(PictureFolders.EditorUrl("facet-joint.png"), shown);
        var forEditor = await eddie.GetAsync(new Uri(shown, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, forEditor.StatusCode);
        Assert.Equal("image/png", forEditor.Content.Headers.ContentType!.MediaType);
        var forVisitor = await _site.Client().GetAsync(new Uri(shown, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, forVisitor.StatusCode);
        Assert.StartsWith("/admin/sign-in", forVisitor.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, await PublicStatusAsync("../" + PictureFolders.UnpublishedFolderName + "/facet-joint.png"));
        Assert.Equal(HttpStatusCode.NotFound, (await _site.CreateClient().GetAsync(new Uri("/" + PictureFolders.UnpublishedFolderName + "/facet-joint.png", UriKind.Relative))).StatusCode);

        var rita = await _site.SignedInAsync("rita");
        var signed = await rita.SubmitAsync(ConditionEdit, "#sign-off-form", []);

        Assert.Equal(ConditionEdit + "?saved=signed-full", signed.Location());
        Assert.Equal(HttpStatusCode.OK, await PublicStatusAsync("facet-joint.png"));
        publicPage = await _site.CreateClient().GetStringAsync(new Uri("/conditions/facet-joint-pain", UriKind.Relative));
        Assert.Contains("<img src=\"/images/facet-joint.png\" alt=\"A facet joint\"", publicPage, StringComparison.Ordinal);
        // Public now, the preview uses the public address like the page.
        editor = await (await eddie.GetAsync(new Uri(ConditionEdit, UriKind.Relative))).ParseAsync();
        Assert.Equal("/images/facet-joint.png", editor.QuerySelector("#preview img[alt='A facet joint']")!.GetAttribute("src"));
    }

    [Fact]
    public async Task The_pictures_page_says_where_each_picture_is_used_counting_files_waiting_versions_history_and_rescued_drafts()
    {
        var eddie = await _site.SignedInAsync("eddie");
        string[] names = ["on-site.png", "draft-file.png", "waiting.png", "history.png", "rescued.png", "unused.png"];
        var colours = new[] { SKColors.Red, SKColors.Green, SKColors.Blue, SKColors.Purple, SKColors.Orange, SKColors.Teal };
        for (var i = 0; i < names.Length; i++)
        {
            await UploadAsync(eddie, Picture(colours[i]), names[i], "Picture " + i);
        }

        // Published with a post; in an older version of the post only; in a version waiting for sign-off;
        // in a draft written into content/ by hand; in a form kept after a sign-in ran out.
        await SaveWithAsync(eddie, PostEdit, "![History](/images/history.png)");
        await SaveWithAsync(eddie, PostEdit, "![On site](/images/on-site.png)", replacing: "![History](/images/history.png)");
        await SaveWithAsync(eddie, ConditionEdit, "![Waiting](/images/waiting.png)");
        _site.WriteContent("blog/draft-post.md", TestContent.Post("A draft post", "![Draft](/images/draft-file.png)\n", published: "2026-02-01\ndraft: true"));
        var account = _site.Services.GetRequiredService<EditorAccounts>().Find("eddie")!;
        Assert.True(DocumentId.TryCreate("blog", "flare-up-plan", out var flareUp));
        await _site.Services.GetRequiredService<RescuedDrafts>().SaveAsync(account, flareUp, new EditorForm { Title = "Flare-up plan", Body = "![Rescued](/images/rescued.png)" });

        var page = await PicturesPageAsync(eddie);

        string Uses(string name) => page.GetElementById("picture-" + name)!.TextContent;
        Assert.Contains("on the public site", Uses("on-site.png"), StringComparison.Ordinal);
        Assert.Contains("Public", page.QuerySelector("#picture-on-site\\.png .state")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("saved, not on the public site", Uses("draft-file.png"), StringComparison.Ordinal);
        Assert.Contains("the version waiting to be signed off", Uses("waiting.png"), StringComparison.Ordinal);
        Assert.Contains("Not public yet", page.QuerySelector("#picture-waiting\\.png .state")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("an older version in the history", Uses("history.png"), StringComparison.Ordinal);
        Assert.Contains("unsaved changes kept after a sign-in ran out", Uses("rescued.png"), StringComparison.Ordinal);
        Assert.Contains("Not used anywhere", Uses("unused.png"), StringComparison.Ordinal);
        // Only the unused picture offers to be deleted; each thumbnail is the picture from the editor's address.
        Assert.Equal(["delete-unused.png"], page.QuerySelectorAll("a[id^=delete-]").Select(a => a.Id!));
        foreach (var name in names)
        {
            Assert.Equal(PictureFolders.EditorUrl(name), page.QuerySelector($"#picture-{name.Replace(".", "\\.", StringComparison.Ordinal)} img")!.GetAttribute("src"));
        }
    }

    [Fact]
    public async Task An_unused_picture_is_deleted_after_a_confirmation_and_a_used_one_is_refused_with_where_it_is_used()
    {
        var eddie = await _site.SignedInAsync("eddie");
        await UploadAsync(eddie, Picture(SKColors.Crimson), "spare.png", "A spare picture");
        await UploadAsync(eddie, Picture(SKColors.Navy), "old.png", "An old picture");
        // Used only by an old version: restoring it must never bring back a broken picture.
        await SaveWithAsync(eddie, PostEdit, "![Old](/images/old.png)");
        await SaveWithAsync(eddie, PostEdit, "Replaced.", replacing: "![Old](/images/old.png)");

        // The link asks first, on a page of its own (no script needed).
        var confirm = await PicturesPageAsync(eddie, "?delete=spare.png");
        Assert.Contains("Delete spare.png?", confirm.GetElementById("delete-heading")!.TextContent, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(UnpublishedFolder, "spare.png")));
        var deleted = await eddie.SubmitAsync(confirm, "/admin/images", "#delete-form", []);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.False(File.Exists(Path.Combine(UnpublishedFolder, "spare.png")));
        var after = await PicturesPageAsync(eddie, deleted.Location()["/admin/images".Length..]);
        Assert.Contains("spare.png was deleted", after.GetElementById("delete-result")!.TextContent, StringComparison.Ordinal);
        Assert.Null(after.GetElementById("picture-spare.png"));

        // A used picture: the confirmation says where it is used and offers no button.
        var refused = await PicturesPageAsync(eddie, "?delete=old.png");
        Assert.Contains("cannot be deleted", refused.GetElementById("delete-refused")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Desk", refused.GetElementById("delete-refused")!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Null(refused.GetElementById("delete-form"));

        // Posted anyway (an old tab, a forged form): refused, kept, and the uses are named.
        var forged = await eddie.SubmitAsync(confirm, "/admin/images", "#delete-form", new() { ["name"] = "old.png" });
        Assert.Equal(HttpStatusCode.Conflict, forged.StatusCode);
        Assert.Contains("an older version in the history", (await forged.ParseAsync()).GetElementById("delete-refused")!.TextContent, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(PublicFolder, "old.png")));

        // The old version restores with its picture intact.
        Assert.Equal(HttpStatusCode.OK, await PublicStatusAsync("old.png"));
    }
}
