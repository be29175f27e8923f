using FacetEducation.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FacetEducation.BrowserTests;

/// <summary>The editor's link picker: the clinician finds an article by a few words of its title, chooses
/// it from the keyboard, and the site's own address for it goes in as a Markdown link around the selected
/// words, which the preview shows; a typed web address still makes an outside link; Escape leaves the
/// text as it was. Also the sources' "Add a source" row, added in the page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LinkPickerTests(BrowserFixture browser)
{
    private const string EditUrl = "/admin/edit/conditions/spinal-anatomy-explained";

    /// <summary>Every wait is bounded: a page that never shows what is expected fails the test, not the run.</summary>
    private const float Wait = 10_000;

    private async Task<(IBrowserContext Context, IPage Page, ILocator Body)> OpenEditorAsync(string startText, int width = 1280)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Wait);
        page.SetDefaultNavigationTimeout(Wait);
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync(EditUrl, new() { Timeout = Wait });
        var body = page.Locator("#Form_Body");
        await body.FillAsync(startText, new() { Timeout = Wait });
        return (context, page, body);
    }

    private static Task SelectAsync(ILocator body, string words) =>
        body.EvaluateAsync("(t, w) => { const i = t.value.indexOf(w); t.setSelectionRange(i, i + w.length); }", words);

    private static Task<string> SelectedAsync(ILocator body) =>
        body.EvaluateAsync<string>("t => t.value.slice(t.selectionStart, t.selectionEnd)");

    [Fact]
    public async Task A_title_fragment_chosen_with_the_keyboard_links_the_selected_words_and_the_preview_shows_the_link()
    {
        var (context, page, body) = await OpenEditorAsync("## Moving\n\nGentle movement helps, as the post on rest explains.\n");
        await using var _ = context;
        await SelectAsync(body, "the post on rest");

        await body.PressAsync("Control+k", new() { Timeout = Wait });
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Insert a link" });
        await Expect(dialog).ToBeVisibleAsync(new() { Timeout = Wait });
        await Expect(page.Locator("#link-search")).ToBeFocusedAsync(new() { Timeout = Wait });

        await page.Keyboard.TypeAsync("rest is");
        var options = dialog.GetByRole(AriaRole.Option);
        await Expect(options).ToHaveCountAsync(1, new() { Timeout = Wait });
        await Expect(options.First).ToContainTextAsync("Why rest is not best for back pain", new() { Timeout = Wait });
        await Expect(dialog.GetByRole(AriaRole.Status)).ToHaveTextAsync("1 title matches.", new() { Timeout = Wait });
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(options.First).ToHaveAttributeAsync("aria-selected", "true", new() { Timeout = Wait });
        Assert.Equal(await options.First.GetAttributeAsync("id"), await page.Locator("#link-search").GetAttributeAsync("aria-activedescendant"));
        await page.Keyboard.PressAsync("Enter");

        await Expect(dialog).ToBeHiddenAsync(new() { Timeout = Wait });
        // The dialog's close event writes the link: the text box is waited for, not read at once.
        await Expect(body).ToHaveValueAsync("## Moving\n\nGentle movement helps, as [the post on rest](/blog/why-rest-is-not-best) explains.\n", new() { Timeout = Wait });
        await Expect(body).ToBeFocusedAsync(new() { Timeout = Wait });
        Assert.Equal("the post on rest", await SelectedAsync(body));
        var link = page.Locator("#preview .article__body a[href='/blog/why-rest-is-not-best']");
        await Expect(link).ToHaveTextAsync("the post on rest", new() { Timeout = Wait });
    }

    [Fact]
    public async Task With_nothing_selected_the_title_is_the_links_text_and_the_arrows_wrap_through_the_matches()
    {
        var (context, page, body) = await OpenEditorAsync("Read more: ");
        await using var _ = context;
        await body.EvaluateAsync("t => t.setSelectionRange(t.value.length, t.value.length)");

        await page.GetByRole(AriaRole.Button, new() { Name = "Link" }).ClickAsync(new() { Timeout = Wait });
        await page.Keyboard.TypeAsync("pain");
        var options = page.Locator("#link-results [role=option]:visible");
        var count = await options.CountAsync();
        Assert.True(count > 1, "More than one title has 'pain' in it.");
        // Up from the search field goes to the last match.
        await page.Keyboard.PressAsync("ArrowUp");
        await Expect(options.Nth(count - 1)).ToHaveAttributeAsync("aria-selected", "true", new() { Timeout = Wait });
        var title = await options.Nth(count - 1).EvaluateAsync<string>("o => o.firstChild.nodeValue");
        var url = await options.Nth(count - 1).GetAttributeAsync("data-url");
        await page.Keyboard.PressAsync("Enter");

        await Expect(body).ToHaveValueAsync($"Read more: [{title}]({url})", new() { Timeout = Wait });
        Assert.Equal(title, await SelectedAsync(body));
    }

    [Fact]
    public async Task A_typed_web_address_makes_an_outside_link_and_escape_closes_without_changing_the_text()
    {
        var (context, page, body) = await OpenEditorAsync("See the NHS page.");
        await using var _ = context;
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Insert a link" });

        // Escape: nothing written, the focus and the selection back where they were.
        await SelectAsync(body, "the NHS page");
        await body.PressAsync("Control+k", new() { Timeout = Wait });
        await Expect(dialog).ToBeVisibleAsync(new() { Timeout = Wait });
        await page.Keyboard.PressAsync("Escape");
        await Expect(body).ToBeFocusedAsync(new() { Timeout = Wait });
        Assert.Equal("See the NHS page.", await body.InputValueAsync());
        Assert.Equal("the NHS page", await SelectedAsync(body));

        await body.PressAsync("Control+k", new() { Timeout = Wait });
        await page.Locator("#link-search").FillAsync("https://www.nhs.uk/conditions/back-pain/", new() { Timeout = Wait });
        await Expect(dialog.GetByRole(AriaRole.Status)).ToHaveTextAsync("Enter inserts a link to https://www.nhs.uk/conditions/back-pain/.", new() { Timeout = Wait });
        await page.Keyboard.PressAsync("Enter");

        await Expect(body).ToHaveValueAsync("See [the NHS page](https://www.nhs.uk/conditions/back-pain/).", new() { Timeout = Wait });
        await Expect(page.Locator("#preview .article__body a[href='https://www.nhs.uk/conditions/back-pain/']")).ToHaveTextAsync("the NHS page", new() { Timeout = Wait });
    }

    [Theory]
    [InlineData(390)]
    [InlineData(1280)]
    public async Task The_open_picker_fits_the_screen_and_has_no_wcag_violations(int width)
    {
        var (context, page, body) = await OpenEditorAsync("Intro.", width);
        await using var _ = context;

        await body.PressAsync("Control+k", new() { Timeout = Wait });
        await page.Keyboard.TypeAsync("pain");
        await page.Keyboard.PressAsync("ArrowDown");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Insert a link" });
        await Expect(dialog.GetByRole(AriaRole.Option, new() { Selected = true })).ToHaveCountAsync(1, new() { Timeout = Wait });

        var box = (await dialog.BoundingBoxAsync())!;
        Assert.True(box.X >= 0 && box.X + box.Width <= width, $"The picker is at {box.X}..{box.X + box.Width} px on a {width} px screen.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(browser.ArtifactsPath, $"link-picker-{width}.png") });
        await AccessibilityTests.AssertNoViolationsAsync(page, $"the link picker at {width} px");

        // Nothing matching: the list goes, the status says what to do instead.
        await page.Locator("#link-search").FillAsync("zzzz", new() { Timeout = Wait });
        await Expect(dialog.GetByRole(AriaRole.Status)).ToContainTextAsync("Nothing on the site has", new() { Timeout = Wait });
        await AccessibilityTests.AssertNoViolationsAsync(page, $"the link picker with no match at {width} px");
    }

    [Fact]
    public async Task Add_a_source_adds_an_empty_numbered_row_in_the_page_and_focuses_its_title_and_the_rows_fit_390px()
    {
        var (context, page, _) = await OpenEditorAsync("Intro.", width: 390);
        await using var __ = context;
        var rows = page.Locator("#sources .source-row");
        var before = await rows.CountAsync();
        await page.Locator("#Form_Sources_" + (before - 1) + "__Title").FillAsync("Slipped disc", new() { Timeout = Wait });

        await page.GetByRole(AriaRole.Button, new() { Name = "Add a source" }).ClickAsync(new() { Timeout = Wait });

        await Expect(rows).ToHaveCountAsync(before + 1, new() { Timeout = Wait });
        var added = page.GetByRole(AriaRole.Group, new() { Name = $"Source {before + 1}", Exact = true });
        await Expect(added.GetByLabel("Title")).ToBeFocusedAsync(new() { Timeout = Wait });
        await Expect(added.GetByLabel("Title")).ToHaveValueAsync("", new() { Timeout = Wait });
        Assert.Equal($"Form.Sources[{before}].Title", await added.GetByLabel("Title").GetAttributeAsync("name"));
        await Expect(page.Locator("#Form_Sources_" + (before - 1) + "__Title")).ToHaveValueAsync("Slipped disc", new() { Timeout = Wait });
        // In the page the button is a plain one, so Enter in a field still presses the form's Save (its default button).
        Assert.Equal("save-button", await page.EvaluateAsync<string>("() => document.querySelector('#editor-form button:not([type=button]), #editor-form input[type=submit]').id"));
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 390, $"The editor is {scrollWidth} px wide on a 390 px screen.");
        await page.Locator("#related").ScreenshotAsync(new() { Path = Path.Combine(browser.ArtifactsPath, "editor-related-390.png") });
        await page.Locator("#sources").ScreenshotAsync(new() { Path = Path.Combine(browser.ArtifactsPath, "editor-sources-390.png") });
    }
}
