using FacetEducation.BrowserTests.Infrastructure;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using Microsoft.Playwright;
using SkiaSharp;
using static Microsoft.Playwright.Assertions;

namespace FacetEducation.BrowserTests;

/// <summary>A picture dropped or pasted into the editor's text: the description is asked for, the
/// picture uploaded, its Markdown put where it was dropped, and the preview shows it although it is
/// not public yet (a condition article not signed off). Cancel adds nothing; a refused file says why.
/// Each test has a site of its own, so its uploads are its own.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PictureDropTests(BrowserFixture browser)
{
    private const float Wait = 15_000;
    private const string EditUrl = "/admin/edit/conditions/spinal-anatomy-explained";
    private const string Start = "First paragraph.\n\nSecond paragraph.";

    /// <summary>Drops a file on the text box at the start of its third line, as a browser does: a
    /// DataTransfer holding the file, dragged over then dropped at a point.</summary>
    private const string DropScript = """
        ([base64, name, type]) => {
          const area = document.querySelector('#Form_Body');
          const data = new DataTransfer();
          data.items.add(new File([Uint8Array.from(atob(base64), c => c.charCodeAt(0))], name, { type }));
          const box = area.getBoundingClientRect(), style = getComputedStyle(area);
          const x = box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft) + 1;
          const y = box.top + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop) + parseFloat(style.lineHeight) * 2.5 - area.scrollTop;
          for (const kind of ['dragenter', 'dragover', 'drop']) {
            area.dispatchEvent(new DragEvent(kind, { dataTransfer: data, bubbles: true, cancelable: true, clientX: x, clientY: y }));
          }
        }
        """;

    /// <summary>Pastes a file alone (a screenshot), as the clipboard gives it.</summary>
    private const string PasteScript = """
        ([base64, name, type]) => {
          const data = new DataTransfer();
          data.items.add(new File([Uint8Array.from(atob(base64), c => c.charCodeAt(0))], name, { type }));
          document.querySelector('#Form_Body').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        }
        """;

    private static byte[] Png(SKColor colour)
    {
        using var bitmap = new SKBitmap(40, 30);
        bitmap.Erase(colour);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static async Task<(IPage Page, ILocator Body)> OpenEditorAsync(OwnSite site)
    {
        var page = await site.SignInAsync(BrowserFixture.ReviewerUserName);
        page.SetDefaultTimeout(Wait);
        await page.GotoAsync(EditUrl, new() { Timeout = Wait });
        var body = page.Locator("#Form_Body");
        await body.FillAsync(Start, new() { Timeout = Wait });
        await body.EvaluateAsync("t => { t.focus(); t.setSelectionRange(t.value.length, t.value.length); }");
        return (page, body);
    }

    private static string Base64(byte[] bytes) => Convert.ToBase64String(bytes);

    [Fact]
    public async Task A_dropped_picture_asks_for_its_description_goes_where_it_was_dropped_and_the_preview_shows_it()
    {
        await using var site = OwnSite.Start(browser);
        var (page, body) = await OpenEditorAsync(site);

        await page.EvaluateAsync(DropScript, new[] { Base64(Png(SKColors.SteelBlue)), "Lower back.png", "image/png" });

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Describe the picture" });
        await Expect(dialog).ToBeVisibleAsync(new() { Timeout = Wait });
        await Expect(dialog).ToContainTextAsync("Lower back.png", new() { Timeout = Wait });
        await AccessibilityTests.AssertNoViolationsAsync(page, EditUrl + " with the picture's description asked");
        await dialog.GetByLabel("Description for people who cannot see it").FillAsync("A side view of the lower back", new() { Timeout = Wait });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add the picture" }).ClickAsync(new() { Timeout = Wait });

        await Expect(body).ToHaveValueAsync("First paragraph.\n\n![A side view of the lower back](/images/lower-back.png)\n\nSecond paragraph.", new() { Timeout = Wait });
        await Expect(page.Locator("#picture-message")).ToContainTextAsync("Uploaded as lower-back.png", new() { Timeout = Wait });
        // The preview shows the picture, loaded from the editor's address: it is not public until sign-off.
        var shown = page.Locator("#preview img[alt='A side view of the lower back']");
        await Expect(shown).ToHaveAttributeAsync("src", PictureFolders.EditorUrl("lower-back.png"), new() { Timeout = Wait });
        await page.WaitForFunctionAsync("() => { const i = document.querySelector(\"#preview img[alt='A side view of the lower back']\"); return i && i.complete && i.naturalWidth === 40; }",
            null, new() { Timeout = Wait });
        var visitor = await site.NewContextAsync();
        Assert.Equal(404, (await visitor.APIRequest.GetAsync("/images/lower-back.png", new() { Timeout = Wait })).Status);
    }

    [Fact]
    public async Task A_pasted_picture_goes_at_the_cursor_and_cancel_adds_nothing()
    {
        await using var site = OwnSite.Start(browser);
        var (page, body) = await OpenEditorAsync(site);
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Describe the picture" });

        // Cancel: nothing uploaded, nothing inserted, and the cursor is back where it was.
        await page.EvaluateAsync(PasteScript, new[] { Base64(Png(SKColors.Goldenrod)), "image.png", "image/png" });
        await Expect(dialog).ToBeVisibleAsync(new() { Timeout = Wait });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync(new() { Timeout = Wait });
        await Expect(dialog).ToBeHiddenAsync(new() { Timeout = Wait });
        Assert.Equal(Start, await body.InputValueAsync());
        Assert.False(Directory.Exists(Path.Combine(site.ContentPath, PictureFolders.UnpublishedFolderName)));
        Assert.Equal(Start.Length, await body.EvaluateAsync<int>("t => document.activeElement === t ? t.selectionStart : -1"));

        // The same again, described: inserted at the cursor, the end of the text.
        await page.EvaluateAsync(PasteScript, new[] { Base64(Png(SKColors.Goldenrod)), "image.png", "image/png" });
        await dialog.GetByLabel("Description for people who cannot see it").FillAsync("A screenshot of an exercise", new() { Timeout = Wait });
        await dialog.GetByLabel("Description for people who cannot see it").PressAsync("Enter", new() { Timeout = Wait });
        await Expect(body).ToHaveValueAsync(Start + "\n\n![A screenshot of an exercise](/images/image.png)", new() { Timeout = Wait });
        await Expect(page.Locator("#preview img[alt='A screenshot of an exercise']")).ToBeVisibleAsync(new() { Timeout = Wait });
    }

    [Fact]
    public async Task A_refused_file_shows_the_servers_reason_and_inserts_nothing()
    {
        await using var site = OwnSite.Start(browser);
        var (page, body) = await OpenEditorAsync(site);

        await page.EvaluateAsync(DropScript, new[] { Base64("not a picture at all"u8.ToArray()), "notes.png", "image/png" });
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Describe the picture" });
        await dialog.GetByLabel("Description for people who cannot see it").FillAsync("Notes", new() { Timeout = Wait });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add the picture" }).ClickAsync(new() { Timeout = Wait });

        await Expect(page.Locator("#picture-message")).ToContainTextAsync("not a JPEG, PNG or WebP picture, whatever its name says", new() { Timeout = Wait });
        Assert.Equal(Start, await body.InputValueAsync());
    }

    [Theory]
    [InlineData(390)]
    [InlineData(1280)]
    public async Task The_pictures_page_with_thumbnails_uses_and_a_delete_confirmation_has_no_wcag_violations(int width)
    {
        await using var site = OwnSite.Start(browser);
        var images = Directory.CreateDirectory(Path.Combine(site.ContentPath, "images")).FullName;
        var unpublished = Directory.CreateDirectory(Path.Combine(site.ContentPath, PictureFolders.UnpublishedFolderName)).FullName;
        await File.WriteAllBytesAsync(Path.Combine(images, "a-rather-long-picture-name-of-the-lower-spine-from-the-side.png"), Png(SKColors.SteelBlue));
        await File.WriteAllBytesAsync(Path.Combine(unpublished, "spare.png"), Png(SKColors.Goldenrod));
        await File.WriteAllTextAsync(Path.Combine(site.ContentPath, "blog", "pictured.md"),
            TestContent.Post("Pictured", "![The lower spine](/images/a-rather-long-picture-name-of-the-lower-spine-from-the-side.png)\n"));
        var page = await site.SignInAsync(BrowserFixture.ReviewerUserName);
        page.SetDefaultTimeout(Wait);
        await page.SetViewportSizeAsync(width, 900);

        foreach (var (path, shown) in new[]
        {
            ("/admin/images", "#picture-spare\\.png"),
            ("/admin/images?delete=spare.png", "#delete-form"),
            ("/admin/images?delete=a-rather-long-picture-name-of-the-lower-spine-from-the-side.png", "#delete-refused"),
        })
        {
            await page.GotoAsync(path, new() { Timeout = Wait });
            await Expect(page.Locator(shown)).ToBeVisibleAsync(new() { Timeout = Wait });
            await page.WaitForFunctionAsync("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)", null, new() { Timeout = Wait });
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= width, $"{path} is {scrollWidth} px wide on a {width} px screen.");
            await AccessibilityTests.AssertNoViolationsAsync(page, $"{path} at {width} px");
        }

        await page.GotoAsync("/admin/images", new() { Timeout = Wait });
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete spare.png" }).ClickAsync(new() { Timeout = Wait });
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete spare.png" }).ClickAsync(new() { Timeout = Wait });
        await Expect(page.Locator("#delete-result")).ToContainTextAsync("spare.png was deleted", new() { Timeout = Wait });
        Assert.False(File.Exists(Path.Combine(unpublished, "spare.png")));
    }
}
