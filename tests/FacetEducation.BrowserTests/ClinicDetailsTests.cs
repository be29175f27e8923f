using FacetEducation.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FacetEducation.BrowserTests;

/// <summary>The clinic's details edited in the browser, on a site of the test's own (the shared site's
/// footer stays as shipped for the other tests): a refused number with its message beside the field,
/// then opening hours through to every page's footer and the contact page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ClinicDetailsTests(BrowserFixture browser)
{
    /// <summary>Every wait is bounded: a page that never shows what is expected fails the test, not the run.</summary>
    private const float Wait = 10_000;

    [Fact]
    public async Task Opening_hours_edited_in_the_form_reach_the_footer_and_the_contact_page()
    {
        await using var site = OwnSite.Start(browser);
        var page = await site.SignInAsync(BrowserFixture.ReviewerUserName);
        page.SetDefaultTimeout(Wait);
        page.SetDefaultNavigationTimeout(Wait);
        await page.GetByRole(AriaRole.Link, new() { Name = "Clinic details" }).First.ClickAsync(new() { Timeout = Wait });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Clinic details" })).ToBeVisibleAsync(new() { Timeout = Wait });

        // Monday, closed until now, opens; and a phone number typed with a letter O is refused beside its field.
        await page.Locator("#Form_Days_0__Opens").FillAsync("08:30", new() { Timeout = Wait });
        await page.Locator("#Form_Days_0__Closes").FillAsync("12:00", new() { Timeout = Wait });
        await page.Locator("#Form_Phone").FillAsync("01632 96O123", new() { Timeout = Wait });
        await page.Locator("#save-button").ClickAsync(new() { Timeout = Wait });

        await Expect(page.Locator("#error-Form_Phone")).ToContainTextAsync("'phone' must be a phone number", new() { Timeout = Wait });
        await Expect(page.Locator("#Form_Days_0__Opens")).ToHaveValueAsync("08:30", new() { Timeout = Wait });
        await Expect(page.Locator("#Form_Phone")).ToHaveValueAsync("01632 96O123", new() { Timeout = Wait });
        await AccessibilityTests.AssertNoViolationsAsync(page, "/admin/clinic with a refused phone number");

        await page.Locator("#Form_Phone").FillAsync("01632 960123", new() { Timeout = Wait });
        await page.Locator("#save-button").ClickAsync(new() { Timeout = Wait });
        await Expect(page.Locator("#form-message")).ToContainTextAsync("Saved.", new() { Timeout = Wait });

        await page.Locator("#public-link").ClickAsync(new() { Timeout = Wait });
        await Expect(page).ToHaveURLAsync(new Uri(site.BaseAddress, "/contact").ToString(), new() { Timeout = Wait });
        var monday = "tr:has(th:text-is('Monday')) td";
        await Expect(page.Locator("main table.hours " + monday)).ToHaveTextAsync("08:30 to 12:00", new() { Timeout = Wait });
        await Expect(page.Locator("footer table.hours " + monday)).ToHaveTextAsync("08:30 to 12:00", new() { Timeout = Wait });
        await page.GotoAsync("/", new() { Timeout = Wait });
        await Expect(page.Locator("footer table.hours " + monday)).ToHaveTextAsync("08:30 to 12:00", new() { Timeout = Wait });
        await Expect(page.Locator("footer table.hours tr:has(th:text-is('Tuesday')) td")).ToHaveTextAsync("Closed", new() { Timeout = Wait });
    }
}
