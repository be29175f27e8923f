using System.Net;
using System.Net.Http.Json;
using FacetEducation.Tests.Admin;
using FacetEducation.Tests.Enquiries;
using FacetEducation.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;

namespace FacetEducation.Tests.Hosting;

/// <summary>
/// Behind nginx: <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> count from the configured
/// proxies only, so the rate limiter and the sign-in throttle see each visitor, and cookies and HSTS
/// follow the visitor's https. The test server has no connection address of its own; each request
/// says which address it comes from (<see cref="SiteFactory.AddressHeader"/>), as a connection would.
/// </summary>
public sealed class ReverseProxyTests
{
    private const string Proxy = "127.0.0.1";

    [Theory]
    [InlineData("Proxy:KnownProxies:0", "not-an-address", "Proxy:KnownProxies:0 is 'not-an-address'")]
    [InlineData("Proxy:KnownProxies:0", "10", "Proxy:KnownProxies:0 is '10'")]
    [InlineData("Proxy:KnownProxies:0", "10.0.0.0/8", "Proxy:KnownProxies:0 is '10.0.0.0/8'")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0/33", "Proxy:KnownNetworks:0 is '10.0.0.0/33'")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.1/8", "Proxy:KnownNetworks:0 is '10.0.0.1/8'")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0", "Proxy:KnownNetworks:0 is '10.0.0.0'")]
    [InlineData("Proxy:KnownNetworks:0", "", "Proxy:KnownNetworks:0 is ''")]
    [InlineData("Proxy:KnownProxies", "127.0.0.1", "Proxy:KnownProxies is a list: give each entry its own numbered key, Proxy:KnownProxies:0")]
    public void A_bad_proxy_setting_stops_start_up_naming_the_key_and_the_value(string key, string value, string expected)
    {
        using var site = new SiteFactory().With(key, value);

        var error = Record.Exception(() => site.CreateClient());

        Assert.NotNull(error);
        var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
        Assert.Contains(expected, messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_visitors_behind_the_proxy_are_two_clients_to_the_rate_limiter()
    {
        await using var site = new EnquiryFactory();
        site.With("Enquiries:RateLimitPerMinute", "2").With("Proxy:KnownProxies:0", Proxy);
        var first = Client(site, Proxy, forwardedFor: "203.0.113.1");
        var second = Client(site, Proxy, forwardedFor: "203.0.113.2");

        var firstSends = await SendEnquiriesAsync(first, 3);
        var secondSends = await SendEnquiriesAsync(second, 2);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], firstSends);
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted], secondSends);
        Assert.Equal(4, site.StoredEnquiries());
    }

    [Theory]
    [InlineData("203.0.113.50", Proxy)] // a visitor on the internet pretending to be behind the proxy
    [InlineData("127.0.0.2", Proxy)] // loopback, which the framework trusts by default, but not the configured proxy
    [InlineData(Proxy, null)] // no proxy configured: nobody is trusted, not even loopback
    public async Task A_forged_X_Forwarded_For_from_an_unknown_address_is_ignored_by_the_rate_limiter(string from, string? knownProxy)
    {
        await using var site = new EnquiryFactory();
        site.With("Enquiries:RateLimitPerMinute", "2");
        if (knownProxy is not null)
        {
            site.With("Proxy:KnownProxies:0", knownProxy);
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 3; i++)
        {
            statuses.AddRange(await SendEnquiriesAsync(Client(site, from, forwardedFor: $"198.51.100.{i}"), 1));
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task The_sign_in_throttle_slows_the_guesser_behind_the_proxy_and_not_the_clinician()
    {
        // A stopped clock: the guesser's wait cannot run out between two tries.
        using var site = new EditorSite(new FakeTimeProvider(DateTimeOffset.UtcNow));
        site.With("Proxy:KnownProxies:0", Proxy);
        var guesser = Client(site, Proxy, forwardedFor: "203.0.113.66");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await TrySignInAsync(guesser, "guess " + i)).StatusCode);
        }

        var guesserAgain = await TrySignInAsync(guesser, EditorSite.Password);
        var clinician = await TrySignInAsync(Client(site, Proxy, forwardedFor: "198.51.100.7"), EditorSite.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, guesserAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, clinician.StatusCode);
        Assert.Equal("/admin", clinician.Location());
    }

    [Fact]
    public async Task The_sign_in_throttle_ignores_a_forged_X_Forwarded_For_from_an_unknown_address()
    {
        using var site = new EditorSite(new FakeTimeProvider(DateTimeOffset.UtcNow));
        site.With("Proxy:KnownProxies:0", Proxy);
        for (var i = 0; i < 5; i++)
        {
            var guess = await TrySignInAsync(Client(site, "203.0.113.77", forwardedFor: $"198.51.100.{i + 1}"), "guess " + i);
            Assert.Equal(HttpStatusCode.OK, guess.StatusCode);
        }

        var waiting = await TrySignInAsync(Client(site, "203.0.113.77", forwardedFor: "198.51.100.99"), EditorSite.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
    }

    [Fact]
    public async Task Over_https_through_the_proxy_cookies_are_Secure_and_HSTS_is_sent()
    {
        using var site = ProductionSite();
        var client = Client(site, Proxy, forwardedFor: "203.0.113.5", proto: "https");

        var (page, antiforgery) = await GetSignInPageAsync(client);
        var signedIn = await PostSignInAsync(client, page, antiforgery, EditorSite.Password);
        var first = await client.GetAsync(new Uri("/about", UriKind.Relative));
        var fromCopy = await client.GetAsync(new Uri("/about", UriKind.Relative));

        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var editorCookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("facet_editor=", StringComparison.Ordinal));
        Assert.Contains("; secure", editorCookie, StringComparison.OrdinalIgnoreCase);
        foreach (var response in new[] { page, signedIn, first, fromCopy })
        {
            Assert.Equal("max-age=31536000", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")));
        }

        Assert.Equal(HttpStatusCode.OK, fromCopy.StatusCode);
    }

    [Fact]
    public async Task Over_plain_http_cookies_are_not_Secure_and_no_HSTS_is_sent()
    {
        // Testing, so plain http is served rather than redirected; a forged https from outside counts as plain http.
        using var site = new EditorSite();
        site.With("Site:PublicUrl", "https://clinic.test").With("Proxy:KnownProxies:0", Proxy);
        foreach (var client in new[] { Client(site, Proxy, forwardedFor: "203.0.113.5", proto: "http"), Client(site, "203.0.113.5", forwardedFor: "203.0.113.6", proto: "https") })
        {
            var (page, antiforgery) = await GetSignInPageAsync(client);
            var signedIn = await PostSignInAsync(client, page, antiforgery, EditorSite.Password);

            Assert.DoesNotContain("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.DoesNotContain("secure", string.Join("\n", signedIn.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
            Assert.False(page.Headers.Contains("Strict-Transport-Security"));
        }
    }

    [Fact]
    public async Task In_production_https_through_the_proxy_is_served_and_a_forged_https_from_outside_is_redirected()
    {
        using var site = ProductionSite();

        var proxied = await Client(site, Proxy, forwardedFor: "203.0.113.5", proto: "https").GetAsync(new Uri("/about", UriKind.Relative));
        var forged = await Client(site, "203.0.113.5", forwardedFor: "203.0.113.6", proto: "https").GetAsync(new Uri("/about", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, forged.StatusCode);
        Assert.Equal("https://clinic.test/about", forged.Headers.Location?.OriginalString);
        Assert.False(forged.Headers.Contains("Strict-Transport-Security"));
    }

    /// <summary>The site as deployed: Production, its public address, nginx on the same server.</summary>
    private static EditorSite ProductionSite()
    {
        var site = new EditorSite { EnvironmentName = "Production" };
        site.With("Site:PublicUrl", "https://clinic.test").With("Proxy:KnownProxies:0", Proxy);
        return site;
    }

    /// <summary>A client whose connection comes from <paramref name="from"/>, with the forwarded headers a proxy
    /// (or someone pretending to be one) adds. It keeps no cookies: the tests read and send them by hand, as
    /// a client's cookie jar would not send a Secure cookie over the test server's plain http.</summary>
    private static HttpClient Client(SiteFactory site, string from, string? forwardedFor = null, string? proto = null)
    {
        var client = site.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("http://clinic.test"),
            AllowAutoRedirect = false,
            HandleCookies = false,
        });
        client.DefaultRequestHeaders.Add(SiteFactory.AddressHeader, from);
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        if (proto is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", proto);
        }

        return client;
    }

    private static async Task<List<HttpStatusCode>> SendEnquiriesAsync(HttpClient client, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/enquiries", Send.ValidJson())).StatusCode);
        }

        return statuses;
    }

    private static async Task<(HttpResponseMessage Page, string AntiforgeryCookie)> GetSignInPageAsync(HttpClient client)
    {
        var page = await client.GetAsync(new Uri("/admin/sign-in", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        return (page, cookie);
    }

    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, HttpResponseMessage page, string antiforgeryCookie, string password)
    {
        var form = (await page.ParseAsync()).QuerySelector("form")!;
        var fields = FormExtensions.ReadFields(form);
        fields.RemoveAll(f => f.Key is "userName" or "password");
        fields.Add(new("userName", "rita"));
        fields.Add(new("password", password));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/admin/sign-in", UriKind.Relative)) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Cookie", antiforgeryCookie.Split(';')[0]);
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> TrySignInAsync(HttpClient client, string password)
    {
        var (page, antiforgery) = await GetSignInPageAsync(client);
        return await PostSignInAsync(client, page, antiforgery, password);
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
