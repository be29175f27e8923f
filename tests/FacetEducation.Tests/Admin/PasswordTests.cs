using System.Net;
using System.Text.RegularExpressions;
using FacetEducation.Tests.Enquiries;
using FacetEducation.Web.Admin;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FacetEducation.Tests.Admin;

/// <summary>
/// A clinician changes their own password (their other sessions end, the configured hash still wins
/// when the operator changes it), and a reviewer emails a clinician a one-time link to choose a new
/// one, through the real outbox and a real SMTP server.
/// </summary>
public sealed partial class PasswordTests : IAsyncLifetime
{
    private const string Account = "/admin/account";
    private const string NewPassword = "a brand new password of mine";
    private const string EddieAddress = "eddie@example.org";

    private readonly SmtpSink _sink = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero));
    private EnquiryFactory _site = null!;

    public Task InitializeAsync()
    {
        _sink.Start();
        _site = new EnquiryFactory(_sink, _clock);
        EditorSite.AddAccounts(_site);
        _site.With("Editor:Accounts:1:Email", EddieAddress)
            .With("Editor:Accounts:2:UserName", "nora")
            .With("Editor:Accounts:2:DisplayName", "Nora Newcomer")
            .With("Editor:Accounts:2:Role", "editor")
            .With("Editor:Accounts:2:PasswordHash", new PasswordHasher<EditorAccount>().HashPassword(new EditorAccount(), EditorSite.Password));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _sink.DisposeAsync();
    }

    private Task<HttpResponseMessage> SignInAsync(string user, string password) =>
        _site.Client().SubmitAsync("/admin/sign-in", "form", new() { ["userName"] = user, ["password"] = password });

    private static async Task<bool> OpensAdminAsync(HttpClient client) =>
        (await client.GetAsync(new Uri("/admin", UriKind.Relative))).StatusCode == HttpStatusCode.OK;

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string next, string? repeat = null) =>
        client.SubmitAsync(Account, "#password-form", new() { ["currentPassword"] = current, ["newPassword"] = next, ["repeatPassword"] = repeat ?? next });

    [Fact]
    public async Task A_clinician_changes_their_password_here_and_every_other_session_of_theirs_ends()
    {
        var here = await EditorSite.SignInAsync(_site.Client());
        var elsewhere = await EditorSite.SignInAsync(_site.Client());
        var eddie = await EditorSite.SignInAsync(_site.Client(), "eddie");

        var wrong = await ChangeAsync(here, "not my password at all", NewPassword);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("That is not your current password", (await wrong.ParseAsync()).QuerySelector("#error-currentPassword")!.TextContent, StringComparison.Ordinal);
        var mismatch = await (await ChangeAsync(here, EditorSite.Password, NewPassword, "a brand new password of yours")).ParseAsync();
        Assert.Contains("not the same", mismatch.QuerySelector("#error-repeatPassword")!.TextContent, StringComparison.Ordinal);
        var tooShort = await (await ChangeAsync(here, EditorSite.Password, "short")).ParseAsync();
        Assert.Contains("at least 10 characters", tooShort.QuerySelector("#error-newPassword")!.TextContent, StringComparison.Ordinal);
        Assert.True(await OpensAdminAsync(elsewhere), "A refused change ended another session.");

        var changed = await ChangeAsync(here, EditorSite.Password, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var page = await (await here.GetAsync(new Uri(changed.Location(), UriKind.Relative))).ParseAsync();
        Assert.Contains("Your password is changed", page.QuerySelector("#account-message")!.TextContent, StringComparison.Ordinal);

        Assert.True(await OpensAdminAsync(here), "The session that changed the password was ended.");
        Assert.False(await OpensAdminAsync(elsewhere), "Another session survived the password change.");
        Assert.True(await OpensAdminAsync(eddie), "Another clinician's session ended.");
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync("rita", EditorSite.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync("rita", NewPassword)).StatusCode);
        Assert.DoesNotContain(NewPassword, _site.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hash_the_operator_later_sets_in_configuration_wins_and_ends_the_sessions()
    {
        var rita = await EditorSite.SignInAsync(_site.Client());
        Assert.Equal(HttpStatusCode.Redirect, (await ChangeAsync(rita, EditorSite.Password, NewPassword)).StatusCode);
        Assert.True(await OpensAdminAsync(rita));

        const string operatorsPassword = "the operator set this one";
        var configuration = (IConfigurationRoot)_site.Services.GetRequiredService<IConfiguration>();
        configuration["Editor:Accounts:0:PasswordHash"] = new PasswordHasher<EditorAccount>().HashPassword(new EditorAccount(), operatorsPassword);
        configuration.Reload();

        Assert.False(await OpensAdminAsync(rita), "A session survived the operator's new hash.");
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync("rita", NewPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync("rita", operatorsPassword)).StatusCode);
    }

    [Fact]
    public async Task A_reviewer_emails_a_link_and_the_clinician_chooses_a_new_password_with_it_once()
    {
        var eddieElsewhere = await EditorSite.SignInAsync(_site.Client(), "eddie");
        var rita = await EditorSite.SignInAsync(_site.Client());

        var sent = await (await rita.SubmitAsync(Account, "#reset-list form", [])).ParseAsync();
        Assert.Contains("on its way to Eddie Editor", sent.QuerySelector("#account-message")!.TextContent, StringComparison.Ordinal);
        var mail = Assert.Single(await _sink.WaitForAsync(1));
        Assert.Equal(EddieAddress, Assert.Single(mail.EnvelopeTo));
        Assert.Equal("Choose a new password for the clinic editor", mail.Message.Subject);
        var link = LinkInMail().Match(mail.Message.TextBody ?? "");
        Assert.True(link.Success, mail.Message.TextBody);
        var path = new Uri(link.Value).PathAndQuery;
        Assert.True(await OpensAdminAsync(eddieElsewhere), "Sending a link changed the password already.");

        var visitor = _site.Client();
        var form = await visitor.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal("no-referrer", form.Headers.GetValues("Referrer-Policy").Single());
        var formPage = await form.ParseAsync();
        Assert.Contains("Eddie Editor", formPage.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var mismatch = await visitor.SubmitAsync(formPage, path, "#reset-form", new() { ["newPassword"] = NewPassword, ["repeatPassword"] = "something else entirely" });
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);

        var done = await visitor.SubmitAsync(path, "#reset-form", new() { ["newPassword"] = NewPassword, ["repeatPassword"] = NewPassword });
        Assert.Contains("Your new password is set", (await done.ParseAsync()).QuerySelector("#reset-message")!.TextContent, StringComparison.Ordinal);

        Assert.False(await OpensAdminAsync(eddieElsewhere), "A session survived the reset.");
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync("eddie", EditorSite.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync("eddie", NewPassword)).StatusCode);

        var again = await visitor.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("This link no longer works", (await again.ParseAsync()).QuerySelector("#reset-message")!.TextContent, StringComparison.Ordinal);
        var token = path[(path.IndexOf('=', StringComparison.Ordinal) + 1)..];
        Assert.DoesNotContain(token, _site.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_works_for_a_day_and_a_newer_link_replaces_it()
    {
        var rita = await EditorSite.SignInAsync(_site.Client());
        await rita.SubmitAsync(Account, "#reset-list form", []);
        await rita.SubmitAsync(Account, "#reset-list form", []);
        var links = (await _sink.WaitForAsync(2)).Select(m => new Uri(LinkInMail().Match(m.Message.TextBody ?? "").Value).PathAndQuery).ToList();

        var visitor = _site.Client();
        Assert.Equal(HttpStatusCode.Gone, (await visitor.GetAsync(new Uri(links[0], UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(new Uri(links[1], UriKind.Relative))).StatusCode);
        _clock.Advance(EditorPasswords.LinkLifetime + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Gone, (await visitor.GetAsync(new Uri(links[1], UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await visitor.GetAsync(new Uri("/admin/reset-password?token=made-up", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync("eddie", EditorSite.Password)).StatusCode);
    }

    [Fact]
    public async Task Only_a_reviewer_sends_links_and_an_account_without_an_address_is_told_to_ask_the_operator()
    {
        var eddie = await EditorSite.SignInAsync(_site.Client(), "eddie");
        var page = await (await eddie.GetAsync(new Uri(Account, UriKind.Relative))).ParseAsync();
        Assert.Null(page.QuerySelector("#reset-list"));
        var forged = await eddie.PostAsync(new Uri(Account + "?handler=SendLink", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "rita",
            ["__RequestVerificationToken"] = page.QuerySelector("#password-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("Only a reviewer", (await forged.ParseAsync()).QuerySelector("#account-message")!.TextContent, StringComparison.Ordinal);

        var rita = await EditorSite.SignInAsync(_site.Client());
        var ritaPage = await (await rita.GetAsync(new Uri(Account, UriKind.Relative))).ParseAsync();
        var nora = ritaPage.QuerySelectorAll("#reset-list li").Single(li => li.TextContent.Contains("Nora Newcomer", StringComparison.Ordinal));
        Assert.Null(nora.QuerySelector("form"));
        Assert.Contains("operator", nora.TextContent, StringComparison.Ordinal);
        var noAddress = await rita.SubmitAsync(ritaPage, Account, "#reset-list form", new() { ["userName"] = "nora" });
        Assert.Equal(HttpStatusCode.BadRequest, noAddress.StatusCode);
        Assert.Contains("Nora Newcomer has no email address", (await noAddress.ParseAsync()).QuerySelector("#account-message")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(_sink.Received);
    }

    [GeneratedRegex(@"https?://\S+/admin/reset-password\?token=[A-Za-z0-9_-]+")]
    private static partial Regex LinkInMail();
}
