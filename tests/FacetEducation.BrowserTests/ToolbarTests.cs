using System.Globalization;
using FacetEducation.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FacetEducation.BrowserTests;

/// <summary>The editor's formatting toolbar: each button writes the Markdown the site renders, with the
/// part to type over selected, and the live preview shows the result; it works from the keyboard alone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ToolbarTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string EditUrl = "/admin/edit/conditions/spinal-anatomy-explained";

    private async Task<(IBrowserContext Context, IPage Page, ILocator Body)> OpenEditorAsync(string startText)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync(EditUrl);
        var body = page.Locator("#Form_Body");
        await body.FillAsync(startText);
        await body.EvaluateAsync("t => t.setSelectionRange(t.value.length, t.value.length)");
        return (context, page, body);
    }

    private static Task<string> SelectedAsync(ILocator body) =>
        body.EvaluateAsync<string>("t => t.value.slice(t.selectionStart, t.selectionEnd)");

    [Fact]
    public async Task Bold_wraps_the_selection_and_the_list_button_starts_a_list_the_preview_shows()
    {
        var (context, page, body) = await OpenEditorAsync("## Vertebrae\n\nThe spine is strong.\n");
        await using var _ = context;

        await body.EvaluateAsync("t => { const i = t.value.indexOf('strong'); t.setSelectionRange(i, i + 6); }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bold" }).ClickAsync();
        Assert.Contains("The spine is **strong**.", await body.InputValueAsync(), StringComparison.Ordinal);
        Assert.Equal("strong", await SelectedAsync(body));
        await Expect(page.Locator("#preview .article__body strong").GetByText("strong", new() { Exact = true })).ToHaveCountAsync(1);

        // Ctrl+I on a selection writes italics the same way.
        await body.EvaluateAsync("t => { const i = t.value.indexOf('spine'); t.setSelectionRange(i, i + 5); }");
        await body.PressAsync("Control+i");
        Assert.Contains("The _spine_ is", await body.InputValueAsync(), StringComparison.Ordinal);

        await body.EvaluateAsync("t => t.setSelectionRange(t.value.length, t.value.length)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bulleted list" }).ClickAsync();
        Assert.Equal("List item", await SelectedAsync(body));
        await page.Keyboard.TypeAsync("Neck");
        Assert.EndsWith("\n- Neck", await body.InputValueAsync(), StringComparison.Ordinal);
        await Expect(page.Locator("#preview .article__body ul li").GetByText("Neck", new() { Exact = true })).ToHaveCountAsync(1);

        await body.PressAsync("Enter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Numbered list" }).ClickAsync();
        await page.Keyboard.TypeAsync("Rest");
        Assert.EndsWith("\n- Neck\n1. Rest", await body.InputValueAsync(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string> Blocks => new()
    {
        { "Immediate care card (call 999)", "::: immediate Typed over\n- what to look out for\n:::", "Call 999 or go to A&E if:", "#preview .care-card--immediate" },
        { "Urgent care card (NHS 111)", "::: urgent Typed over\n- what to look out for\n:::", "Ask for an urgent GP appointment or get help from NHS 111 if:", "#preview .care-card--urgent" },
        { "Non-urgent care card", "::: non-urgent Typed over\n- what to look out for\n:::", "See a GP or physiotherapist if:", "#preview .care-card--non-urgent" },
        { "Info card (good to know)", "::: info Typed over\nA helpful fact.\n:::", "Good to know", "#preview .care-card--info" },
        { "FAQ: question and answer", "::: faq\n### Typed over\nThe answer.\n:::", "Question?", "#preview .faq .faq__question" },
        { "Table", "| Typed over | Heading |\n| --- | --- |\n| Cell | Cell |", "Heading", "#preview .article__body table th" },
    };

    [Theory]
    [MemberData(nameof(Blocks))]
    public async Task Each_block_button_inserts_its_block_at_the_cursor_with_its_first_part_selected_and_the_preview_shows_it(
        string button, string written, string selected, string shownIn)
    {
        var (context, page, body) = await OpenEditorAsync("## Vertebrae\n\nFirst paragraph.");
        await using var _ = context;

        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        Assert.Equal(selected, await SelectedAsync(body));
        await page.Keyboard.TypeAsync("Typed over");

        Assert.Equal("## Vertebrae\n\nFirst paragraph.\n\n" + written + "\n\n", await body.InputValueAsync());
        await Expect(page.Locator(shownIn).First).ToContainTextAsync("Typed over");
    }

    [Fact]
    public async Task The_picture_button_inserts_a_picture_with_its_description_selected()
    {
        var (context, page, body) = await OpenEditorAsync("Intro.\n\n");
        await using var _ = context;

        await page.GetByRole(AriaRole.Button, new() { Name = "Picture", Exact = true }).ClickAsync();
        Assert.Equal("Describe the picture for someone who cannot see it", await SelectedAsync(body));
        await page.Keyboard.TypeAsync("The lower spine");
        Assert.Equal("Intro.\n\n![The lower spine](/images/file-name.jpg)\n\n", await body.InputValueAsync());
        await Expect(page.Locator("#preview img[alt='The lower spine']")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_toolbar_is_one_tab_stop_its_arrows_move_between_buttons_and_enter_presses_one()
    {
        var (context, page, body) = await OpenEditorAsync("Intro.\n");
        await using var _ = context;

        // Shift+Tab from the text box lands on the toolbar's one tab stop, its first button.
        await body.FocusAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("Bold", await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-label')"));
        Assert.Equal("toolbar", await page.EvaluateAsync<string>("() => document.activeElement.closest('[role=toolbar]') && 'toolbar'"));

        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.Equal("Bulleted list", await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-label')"));
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.Keyboard.PressAsync("End");
        var last = await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-label')");
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.Equal("Bold", await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-label')"));
        await page.Keyboard.PressAsync("ArrowLeft");
        Assert.Equal(last, await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-label')"));

        // Back to the list button: Enter writes the list and puts the cursor in the text to type over.
        await page.Keyboard.PressAsync("Home");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.TypeAsync("Neck pain");
        Assert.Equal("Intro.\n- Neck pain", await body.InputValueAsync());

        // The toolbar remembers the button last used, and Tab leaves it for the text box in one step.
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("Bulleted list", await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-label')"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Form_Body", await page.EvaluateAsync<string>("() => document.activeElement.id"));
    }

    /// <summary>Without JavaScript there is no toolbar, and the text box and the server's preview work as before.</summary>
    [Fact]
    public async Task Without_javascript_the_text_box_has_no_toolbar_and_its_preview_button_still_works()
    {
        await using var context = await browser.NewContextAsync(new() { JavaScriptEnabled = false, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync(EditUrl);

        await Expect(page.GetByRole(AriaRole.Toolbar)).ToHaveCountAsync(0);
        await page.Locator("#Form_Body").FillAsync("## Vertebrae\n\nThe spine is **typed without scripts**.\n");
        await page.Locator("#preview-button").ClickAsync();
        await Expect(page.Locator("#preview .article__body strong").GetByText("typed without scripts", new() { Exact = true })).ToHaveCountAsync(1);
        await Expect(page.Locator("#Form_Body")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("typed without scripts"));
    }

    /// <summary>Each letter typed reaches the preview (within 10 s, or the test fails rather than
    /// hangs); the time from the keystroke to the preview's new content is recorded, not asserted.</summary>
    [Fact]
    public async Task Each_keystroke_reaches_the_preview_and_its_time_is_recorded()
    {
        var (context, page, body) = await OpenEditorAsync("## Vertebrae\n\nStart");
        await using var _ = context;
        await Expect(page.Locator("#preview .article__body")).ToContainTextAsync("Start");

        var times = new List<double>();
        foreach (var letter in "abcde")
        {
            await body.FocusAsync();
            var ms = await page.EvaluateAsync<double>(
                """
                letter => new Promise(resolve => {
                  const preview = document.getElementById('preview');
                  const start = performance.now();
                  const observer = new MutationObserver(() => {
                    if (preview.textContent.includes('Start' + letter)) { observer.disconnect(); resolve(performance.now() - start); }
                  });
                  observer.observe(preview, { childList: true, subtree: true, characterData: true });
                  setTimeout(() => { observer.disconnect(); resolve(-1); }, 10000);
                  const t = document.getElementById('Form_Body');
                  t.setRangeText(letter, t.value.length, t.value.length, 'end');
                  t.dispatchEvent(new Event('input', { bubbles: true }));
                })
                """, letter.ToString());
            Assert.True(ms >= 0, $"The preview did not show 'Start{letter}' within 10 s of typing '{letter}'.");
            times.Add(ms);
            await body.EvaluateAsync("t => { t.value = t.value.slice(0, -1); }");
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"Keystroke to preview: median {times.Order().ElementAt(times.Count / 2):0} ms, all {string.Join(", ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} ms (includes the 400 ms pause after typing)");
        output.WriteLine(line);
        await File.WriteAllTextAsync(Path.Combine(browser.ArtifactsPath, "keystroke-to-preview.txt"), line + "\n");
    }
}
