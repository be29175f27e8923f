using FacetEducation.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace FacetEducation.BrowserTests;

/// <summary>Pages load under the Content-Security-Policy without script errors or blocked resources.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(Pages.Article)]
    [InlineData("/")]
    public async Task Page_loads_its_styles_without_console_errors_or_csp_violations(string path)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add("uncaught: " + error);
        page.RequestFailed += (_, request) => problems.Add($"request failed: {request.Url} {request.Failure}");
        // Init scripts run through the DevTools protocol, so the page's CSP does not block this listener.
        await page.AddInitScriptAsync("""
            window.__cspViolations = [];
            document.addEventListener('securitypolicyviolation', e =>
                window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
            """);

        var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load });
        Assert.NotNull(response);
        Assert.True(response.Ok, $"{path} answered {response.Status}.");
        foreach (var summary in await page.Locator("details summary").AllAsync())
        {
            await summary.ClickAsync();
        }

        // An empty stylesheet loads without any error, so check that the page really got styled.
        var emptyStylesheets = await page.EvaluateAsync<string[]>(
            "() => [...document.styleSheets].filter(s => s.cssRules.length === 0).map(s => s.href)");
        problems.AddRange(emptyStylesheets.Select(href => "empty stylesheet: " + href));
        var violations = await page.EvaluateAsync<string[]>("() => window.__cspViolations");
        problems.AddRange(violations.Select(v => "CSP: " + v));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
