using System.Globalization;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using FacetEducation.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

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
    [InlineData(Pages.Contact)]
    [InlineData(Pages.ThankYou + "?advice=immediate")]
    [InlineData(Pages.ThankYou + "?advice=urgent")]
    [InlineData("/search")]
    [InlineData("/search?q=back+pain")]
    [InlineData("/admin/sign-in")]
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

    [Fact]
    public async Task Article_with_every_care_card_level_has_no_wcag_violations()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(BrowserFixture.CareCardsExamplePath);

        // The scan only means something if all four levels are on the page, each with its label.
        string[] levels = ["info", "non-urgent", "urgent", "immediate"];
        foreach (var level in levels)
        {
            Assert.Equal(1, await page.Locator($".care-card--{level}").CountAsync());
        }

        await Expect(page.Locator(".care-card--immediate .care-card__label")).ToHaveTextAsync("Immediate action required:");
        await AssertNoViolationsAsync(page, BrowserFixture.CareCardsExamplePath);
    }

    [Fact]
    public async Task Contact_form_sent_empty_with_its_error_summary_and_field_errors_has_no_wcag_violations()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Pages.Contact);

        await page.GetByRole(AriaRole.Button, new() { Name = Pages.SendEnquiry }).ClickAsync();

        await page.Locator(".error-summary").WaitForAsync();
        Assert.True(await page.Locator(".field__error").CountAsync() >= 4, "Name, email, message and consent should each show an error.");
        await AssertNoViolationsAsync(page, Pages.Contact + " (sent empty)");
    }

    [Fact]
    public async Task Thank_you_page_after_a_valid_enquiry_has_no_wcag_violations()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Pages.Contact);

        await page.GetByLabel("Your name").FillAsync("Ada Lovelace");
        await page.GetByLabel("Email address").FillAsync("ada@example.com");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Email", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Question", Exact = true }).CheckAsync();
        await page.GetByLabel("Your message").FillAsync("My lower back hurts when I sit for long.");
        await page.GetByRole(AriaRole.Checkbox, new() { NameRegex = new System.Text.RegularExpressions.Regex("^I agree") }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = Pages.SendEnquiry }).ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == Pages.ThankYou);
        Assert.Equal("Thank you, we have your enquiry", (await page.Locator("h1").TextContentAsync())?.Trim());
        await AssertNoViolationsAsync(page, Pages.ThankYou);
    }

    internal static async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var options = new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
            ResultTypes = [ResultType.Violations],
        };
        // axe.run on the whole document (<html>, so page-level rules such as document-title,
        // html-has-lang and bypass still run). page.RunAxe(options) gives the same answer but its
        // cross-frame mode finishes every scan in a fresh browser page with axe injected again:
        // several times slower, for frames these pages do not have. Swap back to
        // page.RunAxe(options) if the legacy call is ever removed.
#pragma warning disable CS0618 // "Legacy Mode is being removed in the future": see above.
        var result = await page.Locator("html").RunAxeLegacy(options);
#pragma warning restore CS0618

        Assert.True(result.Violations.Length == 0, Describe(what, result.Violations));
    }

    private static string Describe(string what, AxeResultItem[] violations)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"axe found {violations.Length} violation(s) on {what}:");
        foreach (var violation in violations)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {violation.Id} ({violation.Impact}): {violation.Help} {violation.HelpUrl}");
            foreach (var node in violation.Nodes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    at {node.Target}: {node.Html}");
                foreach (var check in node.Any.Concat(node.All).Concat(node.None))
                {
                    text.AppendLine("      " + check.Message);
                }
            }
        }

        return text.ToString();
    }
}
