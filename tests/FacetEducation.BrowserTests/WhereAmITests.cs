using System.Text;
using FacetEducation.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FacetEducation.BrowserTests;

/// <summary>"Where am I" in the editor: the preview follows the part of the text being edited, the
/// checks sit beside Save as well as at the top with a "Go to line" that puts the cursor there, and
/// the cursor's line is shown under the text box.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WhereAmITests(BrowserFixture browser)
{
    private const string EditUrl = "/admin/edit/blog/desk-neck-tips";
    private const float Timeout = 10_000;

    private async Task<(IBrowserContext Context, IPage Page, ILocator Body)> OpenEditorAsync(string text)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync(EditUrl);
        var body = page.Locator("#Form_Body");
        await body.FillAsync(text);
        return (context, page, body);
    }

    private static string Sections(int count)
    {
        var text = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            text.Append("## Part ").Append(i).Append("\n\nParagraph number ").Append(i).Append(" talks about the neck in plain words.\n\n");
        }

        return text.ToString();
    }

    [Fact]
    public async Task The_preview_scrolls_to_the_paragraph_the_cursor_is_in()
    {
        var (context, page, body) = await OpenEditorAsync(Sections(20));
        await using var _ = context;
        await Expect(page.Locator("#preview .article__body")).ToContainTextAsync("Paragraph number 20", new() { Timeout = Timeout });

        await body.EvaluateAsync("t => { t.focus(); const i = t.value.indexOf('number 16 talks'); t.setSelectionRange(i, i); }");
        await body.PressAsync("ArrowRight");

        var here = page.Locator("#preview .preview-here");
        await Expect(here).ToHaveTextAsync("Paragraph number 16 talks about the neck in plain words.", new() { Timeout = Timeout });
        // The paragraph is in view inside the preview panel, which had to scroll to show it.
        await page.WaitForFunctionAsync(
            """
            () => {
              const panel = document.getElementById('preview-panel'), el = panel.querySelector('.preview-here');
              const p = panel.getBoundingClientRect(), r = el.getBoundingClientRect();
              return panel.scrollTop > 0 && r.top >= p.top && r.bottom <= p.bottom;
            }
            """, null, new() { Timeout = Timeout });

        // Moving to a heading earlier in the text brings the preview back to it.
        await body.EvaluateAsync("t => { const i = t.value.indexOf('## Part 3\\n'); t.setSelectionRange(i + 3, i + 3); }");
        await body.PressAsync("ArrowRight");
        await Expect(here).ToHaveTextAsync("Part 3", new() { Timeout = Timeout });
    }

    [Fact]
    public async Task A_finding_beside_save_names_its_line_and_go_to_line_puts_the_cursor_there()
    {
        const string longSentence = "Sitting in one position for a long time without a break can make your neck and shoulders feel stiff and sore by the end of a busy working day at the desk.";
        var text = Sections(15) + longSentence;
        var line = text.Split('\n').Length;
        var (context, page, body) = await OpenEditorAsync(text);
        await using var _ = context;

        var finding = page.Locator("#save-checks .finding--info");
        await Expect(finding).ToContainTextAsync($"Line {line} of the text (“Sitting in one position for a…”)", new() { Timeout = Timeout });
        await Expect(page.Locator("#checks .finding--info")).ToContainTextAsync($"Line {line} of the text", new() { Timeout = Timeout });

        await body.EvaluateAsync("t => { t.setSelectionRange(0, 0); t.scrollTop = 0; }");
        await finding.GetByRole(AriaRole.Link, new() { Name = $"Go to line {line}" }).ClickAsync();

        Assert.Equal("Form_Body", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.Equal(text.IndexOf(longSentence, StringComparison.Ordinal), await body.EvaluateAsync<int>("t => t.selectionStart"));
        Assert.True(await body.EvaluateAsync<double>("t => t.scrollTop") > 0, "The text box did not scroll to the line.");
        await Expect(page.Locator("#cursor-line")).ToHaveTextAsync($"Cursor on line {line} of {line}", new() { Timeout = Timeout });

        // Fixing the sentence clears the finding beside Save without a reload.
        await body.PressAsync("End");
        await body.EvaluateAsync("t => { t.value = t.value.replace(/Sitting in one position[^\\n]*/, 'Take a short break every hour.'); t.dispatchEvent(new Event('input', { bubbles: true })); }");
        await Expect(page.Locator("#save-checks .finding--info")).ToHaveCountAsync(0, new() { Timeout = Timeout });
    }
}
