using System.Net;
using System.Text;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FacetEducation.Tests.Admin;

/// <summary>Sign-in as an attacker uses it: huge user names, guessing from one address and from
/// many, and a stolen cookie. The clinician must still get in, and nothing typed is stored. Runs on
/// both providers (the throttle and the sessions are in the editor's database).</summary>
public abstract class SignInAttackTests : IDisposable
{
    private const string Attacker = "203.0.113.66";
    private const string Clinic = "198.51.100.7";

    /// <summary>The editor's tables that sign-in writes (on PostgreSQL the database holds the outbox and keys too).</summary>
    private const string SignInTables = "'sign_in_addresses', 'sign_in_account_failures', 'editor_sessions', 'rescued_drafts'";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly Func<EditorSite, EditorSite> _onProvider;
    private readonly EditorSite _site;

    protected SignInAttackTests(Func<EditorSite, EditorSite> onProvider)
    {
        _onProvider = onProvider;
        _site = onProvider(new EditorSite(_time));
    }

    public void Dispose()
    {
        _site.Dispose();
        GC.SuppressFinalize(this);
    }

    private static Task<HttpResponseMessage> TryAsync(HttpClient client, string userName, string password) =>
        client.SubmitAsync("/admin/sign-in", "form", new() { ["userName"] = userName, ["password"] = password });

    private long DatabaseBytes() => _site.Postgres is { } database
        ? Convert.ToInt64(TestPostgres.Query(database, $"SELECT SUM(pg_total_relation_size(quote_ident(tablename))) FROM pg_tables WHERE tablename IN ({SignInTables})")[0][0], System.Globalization.CultureInfo.InvariantCulture)
        : Directory.EnumerateFiles(_site.DataPath, "editor.db*").Sum(f => new FileInfo(f).Length);

    /// <summary>Everything the editor's database holds, as text.</summary>
    private IEnumerable<string> StoredText() => _site.Postgres is { } database
        ? TestPostgres.Query(database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            .SelectMany(t => TestPostgres.Query(database, $"SELECT CAST(t AS text) FROM {t[0]} t")).Select(r => (string)r[0]!)
        : Directory.EnumerateFiles(_site.DataPath, "editor.db*").Select(f => File.ReadAllText(f, Encoding.Latin1));

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

        Assert.True(DatabaseBytes() - before < 200 * 1024, $"the editor's database grew by {DatabaseBytes() - before} bytes");
        Assert.DoesNotContain(StoredText(), text => text.Contains("ZQXJ", StringComparison.Ordinal));
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
        using var site = _onProvider(new EditorSite());
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

/// <summary>The sign-in suite with editor.db in the data folder.</summary>
public sealed class SignInAttackOnSqliteTests() : SignInAttackTests(EditorSite.OnSqlite)
{
}

/// <summary>The sign-in suite on a PostgreSQL database of each test's own, on a real server.</summary>
public sealed class SignInAttackOnPostgresTests(TestPostgres postgres) : SignInAttackTests(EditorSite.OnPostgres(postgres)), IClassFixture<TestPostgres>
{
}

/// <summary>The throttle's table stays bounded whatever an attacker with many addresses does.</summary>
public abstract class SignInThrottleTests(Func<EditorSite, EditorSite> onProvider) : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly EditorSite _site = onProvider(new EditorSite());

    public void Dispose()
    {
        _site.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Addresses_beyond_the_capacity_are_forgotten_oldest_first()
    {
        var throttle = new SignInThrottle(_site.Services.GetRequiredService<IEditorDatabase>(), new OptionsMonitorStub(new EditorOptions()), _time) { Capacity = 100 };
        for (var i = 0; i < 5; i++)
        {
            await throttle.TryBeginAsync(IPAddress.Parse("198.51.100.7"));
        }

        for (var i = 0; i < 1000; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            await throttle.TryBeginAsync(new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]));
            Assert.True(await throttle.CountAddressesAsync() <= 100);
        }

        // IPv6 addresses count by their /64: a subscriber cannot get a fresh count per address.
        for (var i = 0; i < 5; i++)
        {
            await throttle.TryBeginAsync(IPAddress.Parse($"2001:db8:1:2::{i + 1}"));
        }

        Assert.NotNull(await throttle.TryBeginAsync(IPAddress.Parse("2001:db8:1:2:ffff::1")));
    }

    private sealed class OptionsMonitorStub(EditorOptions value) : IOptionsMonitor<EditorOptions>
    {
        public EditorOptions CurrentValue => value;

        public EditorOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<EditorOptions, string?> listener) => null;
    }
}

public sealed class SignInThrottleOnSqliteTests() : SignInThrottleTests(EditorSite.OnSqlite)
{
}

public sealed class SignInThrottleOnPostgresTests(TestPostgres postgres) : SignInThrottleTests(EditorSite.OnPostgres(postgres)), IClassFixture<TestPostgres>
{
}
