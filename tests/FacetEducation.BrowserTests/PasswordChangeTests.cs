using FacetEducation.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FacetEducation.BrowserTests;

/// <summary>A clinician changes their password in the browser, as they would after signing in on a
/// shared computer: the other browser they were signed in on is sent to the sign-in page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PasswordChangeTests(BrowserFixture browser)
{
    private const float Timeout = 10_000;

    [Fact]
    public async Task Changing_the_password_ends_the_session_in_another_browser_and_the_new_password_signs_in()
    {
        await using var site = OwnSite.Start(browser);
        var laptop = await site.SignInAsync(OwnSite.EditorUserName);
        var phone = await site.SignInAsync(OwnSite.EditorUserName);
        const string newPassword = "my own new password for the editor";

        await laptop.GetByRole(AriaRole.Link, new() { Name = "Your account" }).ClickAsync();
        await laptop.GetByLabel("Current password").FillAsync(BrowserFixture.ReviewerPassword);
        await laptop.GetByLabel("New password", new() { Exact = true }).FillAsync(newPassword);
        await laptop.GetByLabel("New password again").FillAsync(newPassword);
        await laptop.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(laptop.Locator("#account-message")).ToContainTextAsync("Your password is changed", new() { Timeout = Timeout });

        // The laptop goes on; the phone's next click lands on the sign-in page.
        await laptop.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(laptop.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Dashboard" })).ToBeVisibleAsync(new() { Timeout = Timeout });
        await phone.GetByRole(AriaRole.Link, new() { Name = "Pictures" }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Sign in to the clinic editor" })).ToBeVisibleAsync(new() { Timeout = Timeout });

        await phone.GetByLabel("User name").FillAsync(OwnSite.EditorUserName);
        await phone.GetByLabel("Password").FillAsync(newPassword);
        await phone.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Pictures" })).ToBeVisibleAsync(new() { Timeout = Timeout });
    }
}
