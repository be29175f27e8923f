using System.Net;
using System.Text;
using FacetEducation.Web.Admin;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FacetEducation.Tests.Admin;

/// <summary>Sign-in as an attacker uses it: huge user names, guessing from one address and from
/// many, and a stolen cookie. The clinician must still get in, and nothing typed is stored.</summary>
public sealed class SignInAttackTests : IDisposable
{
    private const string Attacker = "203.0.113.66";
    private const string Clinic = "198.51.100.7";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly EditorSite _site;

    public SignInAttackTests() => _site = new EditorSite(_time);

    public void Dispose() => _site.Dispose();

    private static Task<HttpResponseMessage> TryAsync(HttpClient client, string userName, string password) =>
        client.SubmitAsync("/admin/sign-in", "form", new() { ["userName"] = userName, ["password"] = password });

    private long DatabaseBytes() =>
        Directory.EnumerateFiles(_site.DataPath, "editor.db*").Sum(f => new FileInfo(f).Length);

    [Fact]
    public async Task Two_megabyte_user_names_are_refused_and_nothing_of_them_is_stored()
    {
        var client = _site.ClientAt(Attacker);
        await TryAsync(client, "rita", "warm up the database");
        var before = DatabaseBytes();
        var huge = "ZQXJ" + new string('a', 2 * 1024 * 1024);

        for (var i = 0; i < 20; i++)
        {
            var response = await TryAsync(client, huge + i, "whatever");
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"post {i} got {(int)response.StatusCode}");
        }

        Assert.True(DatabaseBytes() - before < 200 * 1024, $"editor.db grew by {DatabaseBytes() - before} bytes");
        var stored = Directory.EnumerateFiles(_site.DataPath, "editor.db*").Select(f => File.ReadAllText(f, Encoding.Latin1));
        Assert.DoesNotContain(stored, text => text.Contains("ZQXJ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_user_name_over_100_characters_is_refused_beside_the_field_without_a_password_check()
    {
        var response = await TryAsync(_site.ClientAt(Clinic), new string('r', 101), EditorSite.Password);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var doc = await response.ParseAsync();
        Assert.Contains("at most 100 characters", doc.GetElementById("error-userName")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, _site.PasswordChecks);
    }

    [Fact]
    public async Task Wrong_passwords_from_one_address_never_lock_out_the_clinician_at_another()
    {
        var attacker = _site.ClientAt(Attacker);
        for (var i = 0; i < 15; i++)
        {
            await TryAsync(attacker, "rita", "guess " + i);
        }

        var response = await TryAsync(_site.ClientAt(Clinic), "rita", EditorSite.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Location());
    }

    [Fact]
    public async Task After_five_failures_an_address_waits_doubling_and_a_waiting_try_is_answered_429_without_a_password_check()
    {
        var client = _site.ClientAt(Attacker);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await TryAsync(client, "rita", "guess " + i)).StatusCode);
        }

        Assert.Equal(5, _site.PasswordChecks);

        // Even the right password is not looked at while the address waits.
        var waiting = await TryAsync(client, "rita", EditorSite.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
        Assert.Equal("1", waiting.Headers.GetValues("Retry-After").Single());
        Assert.Contains("Try again in 1 second", (await waiting.ParseAsync()).GetElementById("sign-in-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(5, _site.PasswordChecks);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await TryAsync(client, "rita", "guess 6")).StatusCode);
        var longer = await TryAsync(client, "rita", EditorSite.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, longer.StatusCode);
        Assert.Equal("2", longer.Headers.GetValues("Retry-After").Single());
        Assert.Equal(6, _site.PasswordChecks);

        // A success resets the address.
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.Redirect, (await TryAsync(client, "rita", EditorSite.Password)).StatusCode);
        var fresh = _site.ClientAt(Attacker);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await TryAsync(fresh, "rita", "typo " + i)).StatusCode);
        }
    }

    [Fact]
    public async Task Many_addresses_guessing_at_one_account_slow_it_but_never_lock_it()
    {
        using var site = new EditorSite();
        site.With("Editor:AccountFailuresPerHour", "3").With("Editor:AccountDelaySeconds", "1");
        for (var i = 0; i < 4; i++)
        {
            await TryAsync(site.ClientAt($"203.0.113.{i + 1}"), "rita", "guess " + i);
        }

        var response = await TryAsync(site.ClientAt(Clinic), "rita", EditorSite.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(site.Logs.Events, e => e.MessageTemplate.Text.StartsWith("Editor sign-in at {Account} held", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signing_out_ends_the_session_for_a_copied_cookie_too()
    {
        var browser = _site.ClientAt(Clinic);
        var signIn = await TryAsync(browser, "rita", EditorSite.Password);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("facet_editor=", StringComparison.Ordinal)).Split(';')[0];
        var copy = _site.CreateDefaultClient();
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync(new Uri("/admin", UriKind.Relative))).StatusCode);

        var signOut = await browser.SubmitAsync("/admin/sign-out", "form", []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var afterwards = await copy.GetAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.StartsWith("http://localhost/admin/sign-in", afterwards.Location(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_hash_changed_in_configuration_ends_the_sessions_made_with_the_old_one()
    {
        var browser = await _site.SignedInAsync();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/admin", UriKind.Relative))).StatusCode);

        const string newPassword = "a new password after a scare";
        var configuration = (IConfigurationRoot)_site.Services.GetRequiredService<IConfiguration>();
        configuration["Editor:Accounts:0:PasswordHash"] = new PasswordHasher<EditorAccount>().HashPassword(new EditorAccount(), newPassword);
        configuration.Reload();
        Assert.Equal(configuration["Editor:Accounts:0:PasswordHash"], _site.Services.GetRequiredService<IOptionsMonitor<EditorOptions>>().CurrentValue.Accounts[0].PasswordHash);

        var afterwards = await browser.GetAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.StartsWith("http://localhost/admin/sign-in", afterwards.Location(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await TryAsync(browser, "rita", newPassword)).StatusCode);
    }
}

/// <summary>The throttle's memory stays bounded whatever an attacker with many addresses does.</summary>
public sealed class SignInThrottleTests
{
    [Fact]
    public void Addresses_beyond_the_capacity_are_forgotten_oldest_first()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var throttle = new SignInThrottle(new OptionsMonitorStub(new EditorOptions()), time) { Capacity = 100 };
        for (var i = 0; i < 5; i++)
        {
            throttle.TryBegin(IPAddress.Parse("198.51.100.7"));
        }

        for (var i = 0; i < 5000; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            throttle.TryBegin(new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]));
            Assert.True(throttle.AddressCount <= 100);
        }

        // IPv6 addresses count by their /64: a subscriber cannot get a fresh count per address.
        for (var i = 0; i < 5; i++)
        {
            throttle.TryBegin(IPAddress.Parse($"2001:db8:1:2::{i + 1}"));
        }

        Assert.NotNull(throttle.TryBegin(IPAddress.Parse("2001:db8:1:2:ffff::1")));
    }

    private sealed class OptionsMonitorStub(EditorOptions value) : IOptionsMonitor<EditorOptions>
    {
        public EditorOptions CurrentValue => value;

        public EditorOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<EditorOptions, string?> listener) => null;
    }
}
