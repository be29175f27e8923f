using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using FacetEducation.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace FacetEducation.BrowserTests;

/// <summary>axe-core finds no WCAG 2.2 A/AA violations on the public pages.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    [Theory]
    [InlineData("/")]
    [InlineData("/conditions")]
    [InlineData("/conditions/facet-joint-pain")]
    [InlineData("/blog/why-rest-is-not-best")]
    [InlineData("/no-such-page")]
    public async Task Page_has_no_wcag_violations(string path)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);

        await AssertNoViolationsAsync(page, path);
    }

    [Fact]
    public async Task Article_with_every_faq_answer_open_has_no_wcag_violations()
    {
        const string path = "/conditions/facet-joint-pain";
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);

        var questions = page.Locator("details summary");
        var count = await questions.CountAsync();
        Assert.True(count > 0, "The article should have FAQ expanders.");
        for (var i = 0; i < count; i++)
        {
            await questions.Nth(i).ClickAsync();
        }

        Assert.Equal(count, await page.Locator("details[open]").CountAsync());
        await AssertNoViolationsAsync(page, path + " (FAQ answers open)");
    }

    private static async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var options = new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
            ResultTypes = [ResultType.Violations],
        };
        // axe.run on the whole document (<html>, so page-level rules such as document-title,
        // html-has-lang and bypass still run). page.RunAxe(options) gives the same answer but its
        // cross-frame mode finishes every scan in a fresh browser page with axe injected again:
        // about five times slower here, for frames these pages do not have. Swap back to
        // page.RunAxe(options) if the legacy call is ever removed.
#pragma warning disable CS0618 // "Legacy Mode is being removed in the future": see above.
        var result = await page.Locator("html").RunAxeLegacy(options);
#pragma warning restore CS0618

        Assert.True(result.Violations.Length == 0, Describe(what, result.Violations));
    }

    private static string Describe(string what, AxeResultItem[] violations)
    {
        var text = new StringBuilder();
        text.AppendLine($"axe found {violations.Length} violation(s) on {what}:");
        foreach (var violation in violations)
        {
            text.AppendLine($"- {violation.Id} ({violation.Impact}): {violation.Help} {violation.HelpUrl}");
            foreach (var node in violation.Nodes)
            {
                text.AppendLine($"    at {node.Target}: {node.Html}");
                foreach (var check in node.Any.Concat(node.All).Concat(node.None))
                {
                    text.AppendLine("      " + check.Message);
                }
            }
        }

        return text.ToString();
    }
}
