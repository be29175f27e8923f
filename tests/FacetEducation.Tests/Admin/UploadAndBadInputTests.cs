using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AngleSharp.Html.Dom;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using SkiaSharp;

namespace FacetEducation.Tests.Admin;

/// <summary>Uploads and hostile input: each refused with a message beside the field, nothing written
/// outside content/, nothing published harmed.</summary>
public sealed class UploadAndBadInputTests : IDisposable
{
    private static readonly byte[] Png = TestPictures.Encode(SKEncodedImageFormat.Png);
    private static readonly byte[] Jpeg = TestPictures.Encode(SKEncodedImageFormat.Jpeg);
    private static readonly byte[] Webp = TestPictures.Encode(SKEncodedImageFormat.Webp);

    private readonly EditorSite _site = new();

    public UploadAndBadInputTests() => _site.With("Editor:MaxUploadBytes", "4096");

    public void Dispose() => _site.Dispose();

    /// <summary>Where an upload lands: unpublished until a version using it goes live (PictureTests).</summary>
    private string ImagesFolder => Path.Combine(_site.ContentPath, PictureFolders.UnpublishedFolderName);

    private static async Task<(HttpResponseMessage Response, IHtmlDocument Document)> UploadAsync(HttpClient client, byte[] bytes, string fileName,
        string? alt = "A test picture", string? name = null)
    {
        var page = await (await client.GetAsync(new Uri("/admin/images", UriKind.Relative))).ParseAsync();
        var token = page.QuerySelector("#images-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(alt ?? ""), "alt" },
            { new StringContent(name ?? ""), "name" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        content.Add(file, "file", fileName);
        var response = await client.PostAsync(new Uri("/admin/images", UriKind.Relative), content);
        return (response, await response.ParseAsync());
    }

    [Theory]
    [InlineData("png", "Lumbar Facets.PNG", "lumbar-facets.png")]
    [InlineData("jpeg", "x-ray photo.jpeg", "x-ray-photo.jpg")]
    [InlineData("webp", "spine.webp", "spine.webp")]
    public async Task A_picture_is_stored_unpublished_with_a_clean_name_and_its_markdown(string type, string fileName, string stored)
    {
        var client = await _site.SignedInAsync();
        var bytes = type switch { "png" => Png, "jpeg" => Jpeg, _ => Webp };

        var (response, doc) = await UploadAsync(client, bytes, fileName);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"![A test picture](/images/{stored})", doc.GetElementById("upload-markdown")!.TextContent);
        // Stored re-encoded in its own format: the same picture, not the same bytes.
        using var codec = SKCodec.Create(Path.Combine(ImagesFolder, stored));
        Assert.Equal(Path.GetExtension(stored) switch { ".png" => SKEncodedImageFormat.Png, ".jpg" => SKEncodedImageFormat.Jpeg, _ => SKEncodedImageFormat.Webp }, codec.EncodedFormat);
        Assert.Equal((20, 10), (codec.Info.Width, codec.Info.Height));
        var served = await client.GetAsync(new Uri(PictureFolders.EditorUrl(stored), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/images/" + stored, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_editors_upload_returns_json_for_the_script_to_insert()
    {
        var client = await _site.SignedInAsync();
        var page = await (await client.GetAsync(new Uri("/admin/edit/blog/desk-neck-tips", UriKind.Relative))).ParseAsync();
        var token = page.QuerySelector("#upload-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("Desk set-up"), "alt" } };
        content.Add(new ByteArrayContent(Png), "file", "desk.png");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(page.QuerySelector("#upload-form")!.GetAttribute("action")!, UriKind.Relative)) { Content = content };
        request.Headers.Add("X-Requested-With", "fetch");

        var response = await client.SendAsync(request);

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(json.GetProperty("saved").GetBoolean());
        Assert.Equal("![Desk set-up](/images/desk.png)", json.GetProperty("markdown").GetString());
    }

    [Theory]
    [InlineData("text pretending to be a picture", "holiday.png", "file", "not a JPEG, PNG or WebP")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", "diagram.svg", "file", "SVG is not accepted")]
    public async Task A_disguised_or_svg_file_is_refused_beside_the_file_field(string text, string fileName, string field, string message)
    {
        var client = await _site.SignedInAsync();

        var (response, doc) = await UploadAsync(client, System.Text.Encoding.UTF8.GetBytes(text), fileName);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, doc.GetElementById("error-" + field)!.TextContent, StringComparison.Ordinal);
        Assert.False(Directory.Exists(ImagesFolder) && Directory.EnumerateFiles(ImagesFolder).Any());
    }

    [Fact]
    public async Task A_refused_upload_keeps_the_description_and_name_that_were_typed()
    {
        var client = await _site.SignedInAsync();

        var (response, doc) = await UploadAsync(client, System.Text.Encoding.UTF8.GetBytes("not a picture"), "notes.png",
            alt: "Physio checking a patient's lower back", name: "lower-back-check");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Physio checking a patient's lower back", doc.QuerySelector("#images-form #alt")!.GetAttribute("value"));
        Assert.Equal("lower-back-check", doc.QuerySelector("#images-form #name")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_photos_gps_and_camera_metadata_are_not_stored_and_it_stays_upright()
    {
        var client = await _site.SignedInAsync();
        var photo = TestPictures.JpegWithGpsExif("SecretCam");
        Assert.True(TestPictures.Contains(photo, "Exif") && TestPictures.Contains(photo, "SecretCam"));

        var (response, _) = await UploadAsync(client, photo, "garden.jpg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await File.ReadAllBytesAsync(Path.Combine(ImagesFolder, "garden.jpg"));
        Assert.False(TestPictures.Contains(stored, "Exif"), "an EXIF block was stored");
        Assert.False(TestPictures.Contains(stored, "SecretCam"), "the camera's make was stored");
        // Still a picture, turned as the phone said: 20 x 10 stored sideways is seen as 10 x 20,
        // with the red (left) half at the top.
        using var bitmap = SKBitmap.Decode(stored);
        Assert.Equal((10, 20), (bitmap.Width, bitmap.Height));
        Assert.True(bitmap.GetPixel(5, 3).Red > 200 && bitmap.GetPixel(5, 3).Blue < 80, $"top is {bitmap.GetPixel(5, 3)}");
        Assert.True(bitmap.GetPixel(5, 16).Blue > 200 && bitmap.GetPixel(5, 16).Red < 80, $"bottom is {bitmap.GetPixel(5, 16)}");
    }

    [Fact]
    public async Task Text_chunks_in_a_png_are_not_stored()
    {
        var client = await _site.SignedInAsync();

        var (response, _) = await UploadAsync(client, TestPictures.PngWithText("Taken at 1 High Street"), "plan.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await File.ReadAllBytesAsync(Path.Combine(ImagesFolder, "plan.png"));
        Assert.False(TestPictures.Contains(stored, "High Street"));
        Assert.False(TestPictures.Contains(stored, "tEXt"));
        using var bitmap = SKBitmap.Decode(stored);
        Assert.Equal((20, 10), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public async Task A_decompression_bomb_is_refused_from_its_header_with_the_limit()
    {
        var client = await _site.SignedInAsync();
        var bomb = TestPictures.PngBomb(50_000, 50_000);

        var (response, doc) = await UploadAsync(client, bomb, "innocent.png");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = doc.GetElementById("error-file")!.TextContent;
        Assert.Contains("50,000 x 50,000 pixels", message, StringComparison.Ordinal);
        Assert.Contains("40 megapixels", message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(ImagesFolder) && Directory.EnumerateFiles(ImagesFolder).Any());
    }

    [Fact]
    public async Task A_picture_over_the_longest_side_is_refused()
    {
        var client = await _site.SignedInAsync();

        var (response, doc) = await UploadAsync(client, TestPictures.PngBomb(20_000, 10), "strip.png");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("16,384 pixels on a side", doc.GetElementById("error-file")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_picture_is_refused_with_a_message()
    {
        var client = await _site.SignedInAsync();

        var (response, doc) = await UploadAsync(client, Jpeg[..(Jpeg.Length / 2)], "half.jpg");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("could not be read", doc.GetElementById("error-file")!.TextContent, StringComparison.Ordinal);
        Assert.False(Directory.Exists(ImagesFolder) && Directory.EnumerateFiles(ImagesFolder).Any());
    }

    [Fact]
    public async Task An_oversized_picture_is_refused_with_the_limit()
    {
        var client = await _site.SignedInAsync();

        var (response, doc) = await UploadAsync(client, [.. Png, .. new byte[5000]], "big.png");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("the limit is", doc.GetElementById("error-file")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_picture_without_a_description_is_refused()
    {
        var client = await _site.SignedInAsync();

        var (_, doc) = await UploadAsync(client, Png, "x.png", alt: "  ");

        Assert.Contains("Describe the picture", doc.GetElementById("error-alt")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Path_traversal_in_an_upload_name_never_leaves_the_images_folder()
    {
        var client = await _site.SignedInAsync();

        var (_, named) = await UploadAsync(client, Png, "x.png", name: "../../secrets");
        Assert.Contains("no dots or slashes", named.GetElementById("error-name")!.TextContent, StringComparison.Ordinal);

        var (response, _) = await UploadAsync(client, Png, "../../../evil.png");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(File.Exists(Path.Combine(ImagesFolder, "evil.png")));
        Assert.False(File.Exists(Path.Combine(_site.Root, "evil.png")));
        Assert.False(File.Exists(Path.Combine(_site.ContentPath, "evil.png")));
    }

    [Theory]
    [InlineData("/admin/edit/conditions/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/admin/edit/conditions/Facet_Joint")]
    [InlineData("/admin/edit/secrets/facet-joint-pain")]
    [InlineData("/admin/history/conditions/..%2Fclinic")]
    public async Task A_slug_that_is_not_a_slug_is_not_found(string url)
    {
        var client = await _site.SignedInAsync();

        var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Path_traversal_in_a_new_articles_address_is_refused_beside_the_field()
    {
        var client = await _site.SignedInAsync();

        var response = await client.SubmitAsync("/admin/new", "#new-form", new() { ["Kind"] = "conditions", ["Title"] = "Sneaky", ["Slug"] = "../../clinic" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no slashes or dots", (await response.ParseAsync()).GetElementById("error-slug")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_in_markdown_never_reaches_the_preview_and_is_reported()
    {
        var client = await _site.SignedInAsync();
        const string edit = "/admin/edit/blog/desk-neck-tips";

        var response = await client.SubmitAsync(edit, "#editor-form",
            new() { ["Form.Body"] = "## Hello\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))\n" },
            "#preview-button");

        var doc = await response.ParseAsync();
        var preview = doc.GetElementById("preview")!;
        Assert.Empty(preview.QuerySelectorAll("script, img[onerror], a[href^='javascript']"));
        Assert.Contains(preview.QuerySelectorAll(".finding--error"), f => f.TextContent.Contains("HTML is not allowed", StringComparison.Ordinal));
        Assert.Contains(preview.QuerySelectorAll(".finding--error"), f => f.TextContent.Contains("javascript:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_post_with_errors_is_kept_but_not_published()
    {
        var client = await _site.SignedInAsync();
        const string edit = "/admin/edit/blog/desk-neck-tips";
        var before = await File.ReadAllTextAsync(Path.Combine(_site.ContentPath, "blog", "desk-neck-tips.md"));

        var response = await client.SubmitAsync(edit, "#editor-form", new() { ["Form.Body"] = "# A second title\n\nText.", ["Form.Title"] = "" }, "#save-button");

        Assert.Equal(edit + "?saved=errors", response.Location());
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(_site.ContentPath, "blog", "desk-neck-tips.md")));
        var page = await (await client.GetAsync(new Uri(response.Location(), UriKind.Relative))).ParseAsync();
        Assert.Contains("'title' is required", page.GetElementById("error-title")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("A second title", page.QuerySelector("#Form_Body")!.TextContent, StringComparison.Ordinal);
        var (_, publicPage) = await client.GetPageAsync("/blog/desk-neck-tips");
        Assert.Equal("Desk work and neck pain: simple tips that help", publicPage.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_beside_the_body()
    {
        var client = await _site.SignedInAsync();
        const string edit = "/admin/edit/blog/desk-neck-tips";

        var response = await client.SubmitAsync(edit, "#editor-form", new() { ["Form.Body"] = new string('a', 600 * 1024) }, "#save-button");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("the limit is 512 KB", (await response.ParseAsync()).GetElementById("error-body")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_yaml_from_a_hand_edit_is_shown_raw_with_the_problem_and_can_be_fixed()
    {
        var path = _site.WriteContent("blog/broken-by-hand.md", "---\ntitle: Broken\nsummary: [unclosed\npublished: 2026-01-01\n---\n\nBody text.\n");
        var client = await _site.SignedInAsync();
        const string edit = "/admin/edit/blog/broken-by-hand";

        var page = await (await client.GetAsync(new Uri(edit, UriKind.Relative))).ParseAsync();
        Assert.NotNull(page.QuerySelector("#Form_FrontMatterYaml"));
        Assert.Contains("not valid", page.GetElementById("error-frontMatter")!.TextContent, StringComparison.Ordinal);

        var fixedYaml = "title: Fixed by the editor\nsummary: Now it is valid.\npublished: 2026-01-01\n";
        var response = await client.SubmitAsync(page, edit, "#editor-form", new() { ["Form.FrontMatterYaml"] = fixedYaml }, "#save-button");

        Assert.Equal(edit + "?saved=published", response.Location());
        Assert.Contains("Fixed by the editor", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_live_preview_returns_the_panel_with_a_reading_age_that_follows_the_text()
    {
        var client = await _site.SignedInAsync();
        const string edit = "/admin/edit/blog/desk-neck-tips";
        var headers = new Dictionary<string, string?> { ["X-Requested-With"] = "fetch" };

        var simple = await client.SubmitAsync(edit, "#editor-form", new() { ["Form.Body"] = "## Tips\n\nMove a lot. Sit less. It helps." }, "#preview-button", headers);
        var hard = await client.SubmitAsync(edit, "#editor-form",
            new() { ["Form.Body"] = "## Tips\n\nIntervertebral musculoskeletal degeneration necessitates individualised rehabilitation considerations incorporating multidisciplinary physiotherapeutic methodologies." },
            "#preview-button", headers);

        var simpleAge = double.Parse((await simple.ParseAsync()).QuerySelector("[data-reading-age]")!.GetAttribute("data-reading-age")!, System.Globalization.CultureInfo.InvariantCulture);
        var hardDoc = await hard.ParseAsync();
        var hardAge = double.Parse(hardDoc.QuerySelector("[data-reading-age]")!.GetAttribute("data-reading-age")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(simpleAge < 9, $"simple text scored {simpleAge}");
        Assert.True(hardAge > 14, $"hard text scored {hardAge}");
        Assert.Contains(hardDoc.QuerySelectorAll(".finding--error"), f => f.TextContent.Contains("Reading age", StringComparison.Ordinal));
        Assert.Null(hardDoc.QuerySelector("header.site-header")); // the panel alone, not a whole page
        Assert.True(hard.Headers.CacheControl?.NoStore);
    }
}
