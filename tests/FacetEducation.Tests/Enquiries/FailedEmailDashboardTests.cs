using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using FacetEducation.Tests.Admin;
using FacetEducation.Web.Enquiries;
using SmtpServer.Protocol;

namespace FacetEducation.Tests.Enquiries;

/// <summary>
/// An enquiry the mail server refused shows on the clinician's dashboard, with only what is needed
/// to act on it, and a retry (a POST with antiforgery, signed in) sends it once the server accepts.
/// </summary>
public sealed class FailedEmailDashboardTests : IAsyncLifetime
{
    private const string FailedRows = "section[aria-labelledby='failed-enquiries'] tbody tr";

    private readonly SmtpSink _sink = new SmtpSink { Respond = _ => new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "No such user") }.Start();
    private EnquiryFactory _site = null!;
    private string _enquiryId = "";

    public async Task InitializeAsync()
    {
        _site = new EnquiryFactory(_sink);
        EditorSite.AddAccounts(_site);

        var response = await Send.JsonAsync(_site.Client());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        _enquiryId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Eventually.TrueAsync(() => _site.Enquiries.ListFailed().Count == 2, TimeSpan.FromSeconds(20),
            () => $"expected both emails failed, outbox has {string.Join(", ", _site.Store.CountByStatus())}");
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Theory]
    [InlineData("rita")]
    [InlineData("eddie")]
    public async Task Refused_enquiry_is_listed_for_a_signed_in_clinician_without_the_visitors_words(string user)
    {
        var client = await EditorSite.SignInAsync(_site.Client(), user);

        var response = await client.GetAsync(new Uri("/admin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        var rows = page.QuerySelectorAll(FailedRows);
        Assert.Equal(2, rows.Length);
        Assert.All(rows, row => Assert.Contains($"Enquiry {_enquiryId}", row.TextContent, StringComparison.Ordinal));
        Assert.All(rows, row => Assert.Contains("550", row.TextContent, StringComparison.Ordinal));
        Assert.All(rows, row => Assert.Contains("No such user", row.TextContent, StringComparison.Ordinal));
        Assert.Contains(rows, row => row.TextContent.Contains("email to the clinic inbox", StringComparison.Ordinal));
        Assert.Contains(rows, row => row.TextContent.Contains("acknowledgement to the visitor", StringComparison.Ordinal));
        Assert.All(rows, row => Assert.NotNull(row.QuerySelector("form[method=post] input[name=__RequestVerificationToken]")));

        // Only what the clinician needs to act: not the visitor's message, name, email or phone.
        var visitor = Send.ValidJson();
        var section = page.QuerySelector("section[aria-labelledby='failed-enquiries']")!.TextContent;
        foreach (var field in new[] { "message", "name", "email", "phone" })
        {
            Assert.DoesNotContain((string)visitor[field]!, section, StringComparison.Ordinal);
        }

        Assert.DoesNotContain((string)visitor["message"]!, page.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_visitor_can_neither_see_nor_retry_a_failed_enquiry()
    {
        var client = _site.Client();
        var id = _site.Enquiries.ListFailed()[0].Id;

        var dashboard = await client.GetAsync(new Uri("/admin", UriKind.Relative));
        var body = await dashboard.Content.ReadAsStringAsync();
        var retry = await client.PostAsync(new Uri("/admin?handler=Retry", UriKind.Relative),
            new FormUrlEncodedContent([new("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture))]));

        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
        Assert.Contains("/admin/sign-in", dashboard.Location(), StringComparison.Ordinal);
        Assert.DoesNotContain(_enquiryId, body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.Contains("/admin/sign-in", retry.Location(), StringComparison.Ordinal);
        Assert.DoesNotContain(_enquiryId, await retry.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, _site.Enquiries.ListFailed().Count);
        Assert.Equal(2, _sink.Attempts);
    }

    [Fact]
    public async Task Retry_without_the_antiforgery_token_is_refused_even_when_signed_in()
    {
        var client = await EditorSite.SignInAsync(_site.Client());
        var id = _site.Enquiries.ListFailed()[0].Id;

        var retry = await client.PostAsync(new Uri("/admin?handler=Retry", UriKind.Relative),
            new FormUrlEncodedContent([new("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture))]));

        Assert.Equal(HttpStatusCode.BadRequest, retry.StatusCode);
        Assert.Equal(2, _site.Enquiries.ListFailed().Count);
    }

    [Fact]
    public async Task Retry_from_the_dashboard_queues_the_email_again_and_it_is_delivered_once_accepted()
    {
        var client = await EditorSite.SignInAsync(_site.Client());
        _sink.Respond = _ => null; // the clinician has fixed whatever the server refused
        var page = await (await client.GetAsync(new Uri("/admin", UriKind.Relative))).ParseAsync();
        var first = page.QuerySelectorAll(FailedRows)[0];
        var outboxId = ((IHtmlInputElement)first.QuerySelector("input[name=id]")!).Value;
        var notification = first.TextContent.Contains("email to the clinic inbox", StringComparison.Ordinal);

        var retry = await client.SubmitAsync(page, "/admin", $"{FailedRows}:first-child form", []);

        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.Equal($"/admin?retried={outboxId}", retry.Location());
        var mail = Assert.Single(await _sink.WaitForAsync(1));
        Assert.Equal(_enquiryId, mail.Message.Headers["X-Enquiry-Id"]);
        Assert.Equal(notification, mail.EnvelopeTo.Contains("inbox@clinic.test"));
        await Eventually.TrueAsync(() => _site.Store.CountByStatus() is { } c && c[OutboxStatus.Sent] == 1 && c[OutboxStatus.Failed] == 1, TimeSpan.FromSeconds(10));

        var after = await (await client.GetAsync(new Uri(retry.Location(), UriKind.Relative))).ParseAsync();
        Assert.Equal("The email will be sent again in a moment.", after.QuerySelector(".notice[role=status]")?.TextContent.Trim());
        var left = Assert.Single(after.QuerySelectorAll(FailedRows));
        Assert.NotEqual(outboxId, ((IHtmlInputElement)left.QuerySelector("input[name=id]")!).Value);

        // The other email too; each is sent exactly once.
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(after, "/admin", $"{FailedRows} form", [])).StatusCode);
        await _sink.WaitForAsync(2);
        await Eventually.TrueAsync(() => _site.Store.CountByStatus()[OutboxStatus.Sent] == 2, TimeSpan.FromSeconds(10));
        var emptied = await (await client.GetAsync(new Uri("/admin", UriKind.Relative))).ParseAsync();
        Assert.Empty(emptied.QuerySelectorAll(FailedRows));
        Assert.Contains("every enquiry has been delivered", emptied.QuerySelector("section[aria-labelledby='failed-enquiries']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, _sink.Received.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Equal(2, _sink.Received.Count);
    }
}
