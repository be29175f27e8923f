using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FacetEducation.Tests.Admin;

/// <summary>The site with two accounts: Rita, a reviewer, and Eddie, an editor. Log events are
/// captured; a test that needs to move the clock (a sign-in running out) passes its own. A request
/// may say which address it comes from (<see cref="SiteFactory.AddressHeader"/>), and every password check is
/// counted (<see cref="PasswordChecks"/>).</summary>
public sealed class EditorSite : SiteFactory
{
    private int _passwordChecks;

    public const string Password = "a long test password";
    public const string ReviewerName = "Rita Reviewer";
    public const string ReviewerRegistration = "HCPC PH999999";

    private static readonly string Hash = new PasswordHasher<EditorAccount>().HashPassword(new EditorAccount(), Password);

    public EditorSite(TimeProvider? time = null)
    {
        Time = time;
        AddAccounts(this);
    }

    /// <summary>Adds Rita and Eddie to any site (the enquiries' factory, say) before it starts.</summary>
    public static void AddAccounts(SiteFactory site)
    {
        site.With("Editor:Accounts:0:UserName", "rita")
            .With("Editor:Accounts:0:DisplayName", ReviewerName)
            .With("Editor:Accounts:0:Registration", ReviewerRegistration)
            .With("Editor:Accounts:0:Role", "reviewer")
            .With("Editor:Accounts:0:PasswordHash", Hash)
            .With("Editor:Accounts:1:UserName", "eddie")
            .With("Editor:Accounts:1:DisplayName", "Eddie Editor")
            .With("Editor:Accounts:1:Role", "editor")
            .With("Editor:Accounts:1:PasswordHash", Hash);
    }

    /// <summary>Signs <paramref name="user"/> in through the real sign-in form; the client keeps the cookie.</summary>
    public static async Task<HttpClient> SignInAsync(HttpClient client, string user = "rita")
    {
        var response = await client.SubmitAsync("/admin/sign-in", "form", new() { ["userName"] = user, ["password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>How many times the site has run the (slow) password hash.</summary>
    public int PasswordChecks => Volatile.Read(ref _passwordChecks);

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A browser of its own (its own cookies) whose requests come from <paramref name="address"/>.</summary>
    public HttpClient ClientAt(string address)
    {
        var client = Client();
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IPasswordHasher<EditorAccount>>(new CountingHasher(this));
        });
    }

    /// <summary>The real hasher, counted.</summary>
    private sealed class CountingHasher(EditorSite site) : IPasswordHasher<EditorAccount>
    {
        private readonly PasswordHasher<EditorAccount> _inner = new();

        public string HashPassword(EditorAccount user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(EditorAccount user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref site._passwordChecks);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    public Task<HttpClient> SignedInAsync(string user = "rita") => SignInAsync(Client(), user);

    /// <summary>An editor suite on SQLite: <c>editor.db</c> in the site's data folder (the default).</summary>
    public static EditorSite OnSqlite(EditorSite site) => site;

    /// <summary>An editor suite on PostgreSQL: each site gets a database of its own on the test server.</summary>
    public static Func<EditorSite, EditorSite> OnPostgres(TestPostgres postgres) =>
        site => Data.PostgresMigrationTests.OnPostgres(site, postgres.CreateDatabase());

    /// <summary>The command-line settings that point a data command (check-content, backup) at this site's data.</summary>
    public string[] DataArguments() => Postgres is { } database
        ? [$"--Data:Path={DataPath}", "--Data:Provider=Postgres", $"--ConnectionStrings:Clinic={database}"]
        : [$"--Data:Path={DataPath}"];

}

/// <summary>Form posts as a browser makes them: GET the page, read the form (antiforgery token
/// included), change some fields, POST to the form's action or the chosen button's formaction.</summary>
public static class FormExtensions
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> ParseAsync(this HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string pageUrl, string formSelector,
        Dictionary<string, string> changes, string? buttonSelector = null, Dictionary<string, string?>? headers = null)
    {
        var page = await client.GetAsync(new Uri(pageUrl, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await client.SubmitAsync(await page.ParseAsync(), pageUrl, formSelector, changes, buttonSelector, headers);
    }

    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, IHtmlDocument document, string pageUrl,
        string formSelector, Dictionary<string, string> changes, string? buttonSelector = null, Dictionary<string, string?>? headers = null)
    {
        var form = document.QuerySelector(formSelector) ?? throw new InvalidOperationException($"No form {formSelector} on {pageUrl}");
        var fields = ReadFields(form);
        foreach (var (name, value) in changes)
        {
            fields.RemoveAll(f => f.Key == name);
            fields.Add(new(name, value));
        }

        var action = buttonSelector is null ? form.GetAttribute("action") : document.QuerySelector(buttonSelector)!.GetAttribute("formaction");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(string.IsNullOrEmpty(action) ? pageUrl : WebUtility.HtmlDecode(action), UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(fields),
        };
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.Add(name, value);
        }

        return await client.SendAsync(request);
    }

    public static List<KeyValuePair<string, string>> ReadFields(IElement form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = element.GetAttribute("name")!;
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box:
                    if (box.IsChecked)
                    {
                        fields.Add(new(name, box.Value));
                    }

                    break;
                case IHtmlInputElement { Type: "file" or "submit" }:
                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement area:
                    fields.Add(new(name, area.Value));
                    break;
                default:
                    break;
            }
        }

        return fields;
    }

    public static string Location(this HttpResponseMessage response) => response.Headers.Location?.OriginalString ?? "";
}
