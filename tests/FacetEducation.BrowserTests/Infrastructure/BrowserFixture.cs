using FacetEducation.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FacetEducation.BrowserTests.Infrastructure;

/// <summary>
/// One real Kestrel server (the site over a temporary copy of the shipped content, on a free
/// loopback port) and one headless Debian Chromium, shared by every browser test. Nothing is
/// downloaded: Playwright drives the system Chromium through the driver shipped in its NuGet package.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; CI installs it with apt. Overridable for other machines.</summary>
    public const string DefaultChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];

    private readonly SiteFactory _site = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>The site's real address, such as http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Where screenshots and PDFs go: $ARTIFACTS_DIR, else this project's bin/artifacts.</summary>
    public string ArtifactsPath { get; } = ResolveArtifactsPath();

    public Uri Url(string path) => new(BaseAddress, path);

    /// <summary>Writes a file into the site's content folder, as a hand edit would.</summary>
    public string WriteContent(string relativePath, string text) => _site.WriteContent(relativePath, text);

    /// <summary>A new, isolated browser context (its own cookies and settings) for one test.</summary>
    public Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL = BaseAddress.ToString();
        options.Locale ??= "en-GB";
        return Browser.NewContextAsync(options);
    }

    /// <summary>A reviewer account on the shared site, for the editor's browser test.</summary>
    public const string ReviewerUserName = "rita";

    public const string ReviewerPassword = "a long browser test password";

    public const string ReviewerDisplayName = "Rita Reviewer";

    /// <summary>Signs <paramref name="userName"/> in at /admin as a clinician would, and waits for the dashboard.</summary>
    public static async Task SignInAsync(IPage page, string userName = ReviewerUserName)
    {
        await page.GotoAsync("/admin");
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(ReviewerPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Dashboard" })).ToBeVisibleAsync();
    }

    /// <summary>A condition article with every care-card level, at <see cref="CareCardsExamplePath"/>.</summary>
    public const string CareCardsExamplePath = "/conditions/care-cards-example";

    /// <summary>One card of each level, each with a list, a link and bold text, as the clinician writes them.</summary>
    public const string CareCardsExampleBody = """
        Some text before the cards.

        ## When to get help

        ::: info Facet joint pain is common
        Most people feel better within a few weeks. Read about [what helps](/conditions/facet-joint-pain).
        :::

        ::: non-urgent See a GP or physiotherapist if:
        - the pain has not eased after **6 weeks**
        - it stops you doing your [normal activities](/conditions/facet-joint-pain)
        :::

        ::: urgent Ask for an urgent GP appointment or call 111 if:
        - you have pain and a **high temperature**
        - the pain keeps getting worse ([get help from 111 online](https://111.nhs.uk/))
        :::

        ::: immediate Call 999 or go to A&E now if:
        - you **cannot control** when you pee or poo
        - you have numbness around your bottom ([what cauda equina syndrome is](https://www.nhs.uk/conditions/cauda-equina-syndrome/))
        :::
        """;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ArtifactsPath);
        _site.With("Editor:Accounts:0:UserName", ReviewerUserName)
            .With("Editor:Accounts:0:DisplayName", ReviewerDisplayName)
            .With("Editor:Accounts:0:Registration", "HCPC PH999999")
            .With("Editor:Accounts:0:Role", "reviewer")
            .With("Editor:Accounts:0:PasswordHash",
                new Microsoft.AspNetCore.Identity.PasswordHasher<Web.Admin.EditorAccount>().HashPassword(new(), ReviewerPassword))
            // The contact form is sent by tests faster than a person could, and more than five times a minute.
            .With("Enquiries:MinimumFillTime", "00:00:00")
            .With("Enquiries:RateLimitPerMinute", "1000");

        // The shipped articles await their first review; this one shows what a signed-off one prints.
        _site.WriteContent("conditions/reviewed-example.md", TestContent.Condition("Reviewed example",
            "Some text.\n\n## When to get help\n\n::: immediate Call 999 if:\n- you cannot feel your legs\n:::\n\n::: urgent Call 111 if:\n- it is getting worse\n:::\n"));

        // Every care-card level on one page, for the accessibility scan.
        _site.WriteContent("conditions/care-cards-example.md", TestContent.Condition("Care cards example", CareCardsExampleBody));

        _site.UseKestrel(0);
        _site.StartServer();
        // Signed off in the editor, so its page shows the review (before any page is served).
        await _site.RecordSignOffAsync("conditions/reviewed-example.md");
        var addresses = _site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault()
            ?? throw new InvalidOperationException("The site started without a listening address.");
        // Kestrel may report the wildcard or "localhost"; the browser should use the loopback address.
        BaseAddress = new UriBuilder(address) { Host = "127.0.0.1", Path = "/" }.Uri;

        // Belt and braces: the tests never need Playwright's own browser builds.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured
            ? configured
            : DefaultChromiumPath;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {executable}. Install it with 'apt-get install chromium' or set CHROMIUM_PATH.");
        }

        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _site.DisposeAsync();
    }

    private static string ResolveArtifactsPath()
    {
        if (Environment.GetEnvironmentVariable("ARTIFACTS_DIR") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        return Path.Combine(TestContent.RepositoryRoot, "tests", "FacetEducation.BrowserTests", "bin", "artifacts");
    }
}
