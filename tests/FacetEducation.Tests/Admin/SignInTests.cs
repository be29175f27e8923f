using System.Net;
using FacetEducation.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FacetEducation.Tests.Admin;

/// <summary>Signing in and out, and what an anonymous request gets, on both providers (sessions are in the editor's database).</summary>
public abstract class SignInTests(Func<EditorSite, EditorSite> onProvider) : IDisposable
{
    private readonly EditorSite _site = onProvider(new EditorSite());

    public void Dispose()
    {
        _site.Dispose();
        GC.SuppressFinalize(this);
    }

    public static TheoryData<string> AdminGets() =>
    [
        "/admin",
        "/admin/new",
        "/admin/images",
        "/admin/sign-out",
        "/admin/edit/conditions/facet-joint-pain",
        "/admin/edit/conditions/facet-joint-pain?handler=Preview",
        "/admin/history/conditions/facet-joint-pain",
        "/admin/history/blog/why-rest-is-not-best?from=1&to=2",
    ];

    [Theory]
    [MemberData(nameof(AdminGets))]
    public async Task Every_admin_page_refuses_an_anonymous_request_and_is_not_cached(string url)
    {
        var response = await _site.Client().GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/admin/sign-in", response.Location(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    public static TheoryData<string> AdminPosts() =>
    [
        "/admin?handler=Retry",
        "/admin/new",
        "/admin/images",
        "/admin/edit/conditions/facet-joint-pain?handler=Save",
        "/admin/edit/conditions/facet-joint-pain?handler=Preview",
        "/admin/edit/conditions/facet-joint-pain?handler=SignOff",
        "/admin/history/conditions/facet-joint-pain?handler=Restore",
    ];

    [Theory]
    [MemberData(nameof(AdminPosts))]
    public async Task Every_admin_action_refuses_an_anonymous_post(string url)
    {
        var client = _site.Client();
        var response = await client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent([new("Form.Body", "x"), new("revisionId", "1")]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/admin/sign-in", response.Location(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task The_live_preview_gets_401_not_a_sign_in_page_when_signed_out()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/admin/edit/blog/desk-neck-tips?handler=Preview", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([new("Form.Body", "x")]),
        };
        request.Headers.Add("X-Requested-With", "fetch");

        var response = await _site.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Signing_in_opens_the_dashboard_and_signing_out_closes_it()
    {
        var client = await _site.SignedInAsync();

        var dashboard = await client.GetAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.True(dashboard.Headers.CacheControl?.NoStore);
        var doc = await dashboard.ParseAsync();
        Assert.Contains("Signed in as Rita Reviewer", doc.QuerySelector(".admin-header__account")!.TextContent, StringComparison.Ordinal);

        var signOut = await client.SubmitAsync(doc, "/admin", ".admin-header__account", []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/admin", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message()
    {
        var response = await _site.Client().SubmitAsync("/admin/sign-in", "form", new() { ["userName"] = "rita", ["password"] = "not the password" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.ParseAsync();
        Assert.Contains("user name or password is not right", doc.GetElementById("sign-in-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_needs_the_antiforgery_token()
    {
        var response = await _site.Client().PostAsync(new Uri("/admin/sign-in", UriKind.Relative),
            new FormUrlEncodedContent([new("userName", "rita"), new("password", EditorSite.Password)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

/// <summary>Sign-in with editor.db in the data folder.</summary>
public sealed class SignInOnSqliteTests() : SignInTests(EditorSite.OnSqlite)
{
}

/// <summary>Sign-in on a PostgreSQL database of each test's own.</summary>
public sealed class SignInOnPostgresTests(TestPostgres postgres) : SignInTests(EditorSite.OnPostgres(postgres)), IClassFixture<TestPostgres>
{
}

public sealed class NoAccountsTests : IDisposable
{
    private readonly SiteFactory _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task With_no_accounts_admin_explains_how_to_add_one()
    {
        var client = _site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true });

        var (response, doc) = await client.GetPageAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = doc.GetElementById("no-accounts")!.TextContent;
        Assert.Contains("hash-password", text, StringComparison.Ordinal);
        Assert.Contains("Editor:Accounts:0:PasswordHash", text, StringComparison.Ordinal);
        Assert.Null(doc.QuerySelector("input[type=password]"));
    }
}
