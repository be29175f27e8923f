using FacetEducation.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace FacetEducation.BrowserTests.Infrastructure;

/// <summary>
/// A site of one test's own, on its own loopback port, driven by the shared Chromium: for journeys that
/// move the clock (a review falling due) or sign articles off, which would change what the shared
/// site's other tests see. It has three accounts (Rita and Sam, reviewers; Eddie, an editor) with the
/// shared fixture's password, and a clock that starts now and moves only when the test moves it.
/// </summary>
public sealed class OwnSite : IAsyncDisposable
{
    public const string EditorUserName = "eddie";
    public const string EditorDisplayName = "Eddie Editor";
    public const string SecondReviewerUserName = "sam";
    public const string SecondReviewerDisplayName = "Sam Second";

    private readonly SiteFactory _site;
    private readonly BrowserFixture _browser;
    private readonly List<IBrowserContext> _contexts = [];

    private OwnSite(BrowserFixture browser)
    {
        _browser = browser;
        _site = new SiteFactory { Time = Clock };
    }

    /// <summary>The site's clock.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public string ContentPath => _site.ContentPath;

    public static OwnSite Start(BrowserFixture browser)
    {
        var own = new OwnSite(browser);
        var hash = new PasswordHasher<Web.Admin.EditorAccount>().HashPassword(new(), BrowserFixture.ReviewerPassword);
        own._site.With("Editor:Accounts:0:UserName", BrowserFixture.ReviewerUserName)
            .With("Editor:Accounts:0:DisplayName", BrowserFixture.ReviewerDisplayName)
            .With("Editor:Accounts:0:Registration", "HCPC PH999999")
            .With("Editor:Accounts:0:Role", "reviewer")
            .With("Editor:Accounts:0:PasswordHash", hash)
            .With("Editor:Accounts:1:UserName", EditorUserName)
            .With("Editor:Accounts:1:DisplayName", EditorDisplayName)
            .With("Editor:Accounts:1:Role", "editor")
            .With("Editor:Accounts:1:PasswordHash", hash)
            .With("Editor:Accounts:2:UserName", SecondReviewerUserName)
            .With("Editor:Accounts:2:DisplayName", SecondReviewerDisplayName)
            .With("Editor:Accounts:2:Registration", "HCPC PH888888")
            .With("Editor:Accounts:2:Role", "reviewer")
            .With("Editor:Accounts:2:PasswordHash", hash);
        own._site.UseKestrel(0);
        own._site.StartServer();
        var address = own._site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The site started without a listening address.");
        own.BaseAddress = new UriBuilder(address) { Host = "127.0.0.1", Path = "/" }.Uri;
        return own;
    }

    /// <summary>A new browser context (its own cookies) on this site, with JavaScript on unless <paramref name="javaScript"/> is false.</summary>
    public async Task<IBrowserContext> NewContextAsync(bool javaScript = true)
    {
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), Locale = "en-GB", JavaScriptEnabled = javaScript });
        _contexts.Add(context);
        return context;
    }

    /// <summary>Signs <paramref name="userName"/> in through the sign-in page, in a context of their own.</summary>
    public async Task<IPage> SignInAsync(string userName)
    {
        var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, userName);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }

        await _site.DisposeAsync();
    }
}
