using System.Globalization;
using System.Net;
using System.Text;
using FacetEducation.Tests.Admin;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Tests.Search;
using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace FacetEducation.Tests.Content;

/// <summary>
/// Symbolic links in content/ pointing at files outside it (as a stranger with write access to the
/// folder, or a careless deployment, would leave them): a secret file in the temporary root, beside
/// content/, carries a marker that must never reach a response, the published site or the editor's
/// history.
/// </summary>
public sealed class ContentLinkTests : IDisposable
{
    private const string Marker = "ZQX-SECRET-MARKER";

    private readonly EditorSite _site = new();

    public void Dispose() => _site.Dispose();

    private ContentStore Store => _site.Services.GetRequiredService<ContentStore>();

    /// <summary>Writes a file outside content/ (in the temporary root) and returns its path.</summary>
    private string Outside(string name, string text)
    {
        var path = Path.Combine(_site.Root, "outside", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Puts a link at <paramref name="relative"/> in content/, in place of any file there.</summary>
    private void Link(string relative, string target)
    {
        var path = Path.Combine(_site.ContentPath, relative);
        File.Delete(path);
        File.CreateSymbolicLink(path, target);
    }

    private static string SecretCondition => TestContent.Condition("Secret condition " + Marker, "The secret body " + Marker + ".");

    [Fact]
    public async Task A_link_in_each_content_folder_is_refused_and_nothing_outside_content_is_served_or_recorded()
    {
        var client = await _site.SignedInAsync("eddie");
        var original = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("01632 960123", original, StringComparison.Ordinal);

        Link("conditions/linked.md", Outside("condition.md", SecretCondition));
        Link("blog/linked-post.md", Outside("post.md", TestContent.Post("Secret post " + Marker, "Secret post body " + Marker + ".")));
        Link("pages/linked-page.md", Outside("page.md", $"---\ntitle: Secret page {Marker}\nsummary: Secret {Marker}.\n---\nSecret page body {Marker}.\n"));
        Link("clinic.yml", Outside("clinic.yml", (await File.ReadAllTextAsync(Path.Combine(_site.ContentPath, "clinic.yml")))
            .Replace("01632 960123", Marker, StringComparison.Ordinal)));
        Link("synonyms.yml", Outside("synonyms.yml", "- [zqxsecretword, facet]\n"));
        Directory.CreateDirectory(Path.Combine(_site.ContentPath, "images"));
        Link("images/passwd.png", Outside("secret.png", "\x89PNG\r\n\x1a\n" + Marker));
        Outside("pictures/inside.png", "\x89PNG\r\n\x1a\n" + Marker);
        Directory.CreateSymbolicLink(Path.Combine(_site.ContentPath, "images", "linked-folder"), Path.Combine(_site.Root, "outside", "pictures"));
        // A plain hand edit beside them: once the history has it, the watcher's pass over the links is done.
        _site.WriteContent("pages/zz-plain.md", "---\ntitle: Plain page\nsummary: A plain page.\n---\nPlain body.\n");
        var snapshot = Store.Reload();

        foreach (var file in new[] { "conditions/linked.md", "blog/linked-post.md", "pages/linked-page.md" })
        {
            Assert.Contains(snapshot.Errors, e => e.File == file && e.Message == ContentFile.LinkRefused);
            Assert.DoesNotContain(file, snapshot.Files.Keys);
        }

        Assert.Contains(snapshot.Errors, e => e.File == "clinic.yml" && e.Message.Contains(ContentFile.LinkRefused, StringComparison.Ordinal));
        Assert.Contains(_site.Logs.Events, e => e.RenderMessage(CultureInfo.InvariantCulture).Contains("conditions/linked.md", StringComparison.Ordinal));

        var responses = new StringBuilder();
        foreach (var url in new[]
        {
            "/", "/conditions", "/blog", "/conditions/linked", "/blog/linked-post", "/linked-page", "/about", "/sitemap.xml", "/feed.xml",
            "/search?q=secret", "/images/passwd.png", "/images/linked-folder/inside.png", "/images/linked-folder/",
            "/admin", "/admin/images", "/admin/edit/conditions/linked", "/admin/history/conditions/linked", "/admin/edit/pages/linked-page",
        })
        {
            var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True((int)response.StatusCode < 500, $"{url} gave {(int)response.StatusCode}");
            responses.Append(await response.Content.ReadAsStringAsync());
            if (url is "/conditions/linked" or "/blog/linked-post" or "/linked-page" or "/images/passwd.png" or "/images/linked-folder/inside.png")
            {
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }

        Assert.DoesNotContain(Marker, responses.ToString(), StringComparison.Ordinal);
        // The last good clinic profile stays; the linked synonyms are not used.
        Assert.Contains("01632 960123", await client.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Empty(await client.ResultUrlsAsync("zqxsecretword"));

        // Nothing from outside reached the editor's history, through the watcher or by opening.
        var revisions = _site.Services.GetRequiredService<RevisionStore>();
        Assert.True(await HttpExtensions.EventuallyAsync(async () => (await revisions.ListAsync("pages/zz-plain.md")).Count > 0, timeoutMs: 10_000));
        foreach (var revision in await revisions.LatestAsync())
        {
            Assert.DoesNotContain(Marker, revision.Text, StringComparison.Ordinal);
        }

        Assert.Empty(await revisions.ListAsync("conditions/linked.md"));
        Assert.Empty(await revisions.ListAsync("pages/linked-page.md"));
    }

    [Fact]
    public async Task A_linked_article_folder_is_refused_whole_and_the_editor_does_not_write_through_it()
    {
        var client = await _site.SignedInAsync("eddie");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/blog/desk-neck-tips", UriKind.Relative))).StatusCode);

        // content/blog/ replaced by a link to a folder outside holding the same posts and a secret one.
        var outsideBlog = Path.Combine(_site.Root, "outside-blog");
        TestContent.CopyDirectory(Path.Combine(_site.ContentPath, "blog"), outsideBlog);
        File.WriteAllText(Path.Combine(outsideBlog, "secret-post.md"), TestContent.Post("Secret post " + Marker, "Body " + Marker + "."));
        Directory.Delete(Path.Combine(_site.ContentPath, "blog"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(_site.ContentPath, "blog"), outsideBlog);
        var snapshot = Store.Reload();

        Assert.Contains(snapshot.Errors, e => e.File == "blog/" && e.Message == ContentFile.FolderLinkRefused);
        Assert.DoesNotContain(snapshot.Files.Keys, k => k.StartsWith("blog/", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/blog/secret-post", UriKind.Relative))).StatusCode);
        var blog = await client.GetStringAsync(new Uri("/blog", UriKind.Relative));
        var feed = await client.GetStringAsync(new Uri("/feed.xml", UriKind.Relative));
        var dashboard = await client.GetStringAsync(new Uri("/admin", UriKind.Relative));
        Assert.DoesNotContain(Marker, blog + feed + dashboard, StringComparison.Ordinal);

        // Saving a new post would write through the link: it is kept in the history, unpublished.
        var started = await client.SubmitAsync("/admin/new", "#new-form", new() { ["Kind"] = "blog", ["Title"] = "Through the link" });
        var editor = await (await client.GetAsync(new Uri(started.Location(), UriKind.Relative))).ParseAsync();
        var saved = await client.SubmitAsync(editor, started.Location(), "#editor-form", new() { ["Form.Draft"] = "false" }, "#save-button");
        Assert.True((int)saved.StatusCode < 500, $"saving gave {(int)saved.StatusCode}");
        Assert.Empty(Directory.EnumerateFiles(outsideBlog, "through-the-link*"));
        Assert.NotEmpty(await _site.Services.GetRequiredService<RevisionStore>().ListAsync("blog/through-the-link.md"));
    }

    [Fact]
    public async Task An_upload_never_writes_through_a_link_with_the_same_name_or_a_linked_pictures_folder()
    {
        var client = await _site.SignedInAsync("eddie");
        var images = Path.Combine(_site.ContentPath, "images");
        Directory.CreateDirectory(images);
        var target = Outside("victim.png", Marker);
        File.CreateSymbolicLink(Path.Combine(images, "spine.png"), target);
        File.CreateSymbolicLink(Path.Combine(images, "broken.png"), Path.Combine(_site.Root, "outside", "nothing-here.png"));

        var first = await UploadAsync(client, "spine");
        var second = await UploadAsync(client, "broken");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(Marker, await File.ReadAllTextAsync(target));
        Assert.False(File.Exists(Path.Combine(_site.Root, "outside", "nothing-here.png")));
        // A name taken in the public folder, even by a link, is taken: the upload waits unpublished under the next.
        Assert.True(File.Exists(Path.Combine(_site.ContentPath, PictureFolders.UnpublishedFolderName, "spine-2.png")));
        Assert.True(File.Exists(Path.Combine(_site.ContentPath, PictureFolders.UnpublishedFolderName, "broken-2.png")));

        // The whole folder a link: refused with a message, nothing written outside.
        var outsideImages = Path.Combine(_site.Root, "outside-images");
        Directory.CreateDirectory(outsideImages);
        Directory.Delete(images, recursive: true);
        Directory.CreateSymbolicLink(images, outsideImages);
        var refused = await UploadAsync(client, "through");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("link", (await refused.ParseAsync()).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outsideImages));
    }

    [Fact]
    public async Task Check_content_reports_a_linked_file_and_a_linked_folder_as_errors_without_reading_them()
    {
        Link("conditions/linked.md", Outside("condition.md", SecretCondition));
        var outsidePages = Path.Combine(_site.Root, "outside-pages");
        TestContent.CopyDirectory(Path.Combine(_site.ContentPath, "pages"), outsidePages);
        Directory.Delete(Path.Combine(_site.ContentPath, "pages"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(_site.ContentPath, "pages"), outsidePages);
        var output = new StringWriter();

        var exitCode = await CheckContentCommand.RunAsync([$"--Content:Path={_site.ContentPath}"], output);

        Assert.Equal(1, exitCode);
        Assert.Contains($"conditions/linked.md: error: {ContentFile.LinkRefused}", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"pages/: error: {ContentFile.FolderLinkRefused}", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, output.ToString(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string name)
    {
        var page = await (await client.GetAsync(new Uri("/admin/images", UriKind.Relative))).ParseAsync();
        var token = page.QuerySelector("#images-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("A picture of the spine"), "alt" },
            { new StringContent(name), "name" },
        };
        // A picture of its own per name: the same picture twice would be stored once.
        content.Add(new ByteArrayContent(TestPictures.Encode(SKEncodedImageFormat.Png, width: 10 + name.Length)), "file", name + ".png");
        return await client.PostAsync(new Uri("/admin/images", UriKind.Relative), content);
    }
}
