using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FacetEducation.Web.Enquiries;
using MimeKit;

namespace FacetEducation.Tests.Enquiries;

/// <summary>The happy paths: a form or API enquiry reaches a real SMTP server as two emails.</summary>
public sealed class EnquiryDeliveryTests : IAsyncLifetime
{
    private readonly SmtpSink _sink = new SmtpSink().Start();
    private EnquiryFactory _site = null!;

    public Task InitializeAsync()
    {
        _site = new EnquiryFactory(_sink);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact]
    public async Task Form_enquiry_redirects_to_thank_you_and_delivers_both_emails()
    {
        var client = _site.Client();

        var response = await Send.FormAsync(client);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/contact/thank-you", response.Headers.Location!.OriginalString);
        var thanks = await Send.GetPageAsync(client, "/contact/thank-you");
        Assert.Equal("Thank you, we have your enquiry", thanks.QuerySelector("h1")!.TextContent.Trim());
        Assert.Null(thanks.QuerySelector(".urgent-advice"));

        var mails = await _sink.WaitForAsync(2);
        var clinic = Assert.Single(mails, m => m.EnvelopeTo.Contains("inbox@clinic.test"));
        var visitor = Assert.Single(mails, m => m.EnvelopeTo.Contains("ada@example.com"));

        var notification = clinic.Message;
        Assert.Equal("inbox@clinic.test", Assert.Single(notification.To.Mailboxes).Address);
        Assert.Equal("website@clinic.test", Assert.Single(notification.From.Mailboxes).Address);
        var replyTo = Assert.Single(notification.ReplyTo.Mailboxes);
        Assert.Equal(("Ada Lovelace", "ada@example.com"), (replyTo.Name, replyTo.Address));
        Assert.Equal("Question from Ada Lovelace", notification.Subject);
        Assert.Contains("My lower back hurts when I sit for long.", notification.TextBody, StringComparison.Ordinal);
        Assert.Contains("Phone: 01632 960456", notification.TextBody, StringComparison.Ordinal);
        Assert.Contains("Preferred contact: Email", notification.TextBody, StringComparison.Ordinal);
        Assert.Equal(MessagePriority.Normal, notification.Priority);
        Assert.Null(notification.Headers[HeaderId.XPriority]);
        Assert.Null(notification.HtmlBody);
        var enquiryId = notification.Headers["X-Enquiry-Id"];
        Assert.Equal($"enquiry-{enquiryId}-clinic@clinic.test", notification.MessageId);

        var acknowledgement = visitor.Message;
        Assert.Equal("ada@example.com", Assert.Single(acknowledgement.To.Mailboxes).Address);
        Assert.Equal("inbox@clinic.test", Assert.Single(acknowledgement.ReplyTo.Mailboxes).Address);
        Assert.Equal("We have received your enquiry - Chris Heywood Physio", acknowledgement.Subject);
        Assert.StartsWith("Dear Ada,", acknowledgement.TextBody, StringComparison.Ordinal);
        Assert.Equal("Ada", Assert.Single(acknowledgement.To.Mailboxes).Name);
        Assert.Contains("not for emergencies", acknowledgement.TextBody, StringComparison.Ordinal);
        Assert.Contains("We usually reply to calls, messages and emails on the same working day.", acknowledgement.TextBody, StringComparison.Ordinal);
        // The visitor's words are not echoed back: a mistyped address must not leak health information.
        Assert.DoesNotContain("lower back", acknowledgement.TextBody, StringComparison.Ordinal);
        Assert.Equal($"enquiry-{enquiryId}-visitor@clinic.test", acknowledgement.MessageId);

        await Eventually.TrueAsync(() => _site.Store.CountByStatus()[OutboxStatus.Sent] == 2, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Api_enquiry_returns_202_with_id_and_location_and_delivers_both_emails()
    {
        var client = _site.Client();

        var response = await Send.JsonAsync(client);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal($"/api/enquiries/{id}", response.Headers.Location!.OriginalString);

        var mails = await _sink.WaitForAsync(2);
        var notification = Assert.Single(mails, m => m.EnvelopeTo.Contains("inbox@clinic.test")).Message;
        Assert.Equal("Booking request from Grace Hopper", notification.Subject);
        Assert.Contains("Session: In clinic (60 minutes)", notification.TextBody, StringComparison.Ordinal);
        Assert.Contains("Preferred times: Wednesday 09:00, Friday 13:00", notification.TextBody, StringComparison.Ordinal);
        Assert.Contains("Preferred contact: Phone", notification.TextBody, StringComparison.Ordinal);
        Assert.Equal(id, notification.Headers["X-Enquiry-Id"]);
        var acknowledgement = Assert.Single(mails, m => m.EnvelopeTo.Contains("grace@example.com")).Message;
        Assert.Contains("in the way you asked", acknowledgement.TextBody, StringComparison.Ordinal);

        await Eventually.TrueAsync(() => _site.Enquiries.GetStatus(id) is { Notification: "sent", Acknowledgement: "sent" }, TimeSpan.FromSeconds(5));
        var status = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal("sent", status.GetProperty("notification").GetString());
        Assert.False(status.TryGetProperty("email", out _));
    }

    [Fact]
    public async Task Red_flags_put_urgent_advice_first_and_mark_the_clinic_email_urgent()
    {
        var client = _site.Client();

        var response = await Send.FormAsync(client, [.. Send.ValidForm(), new("redFlags", "bladder-bowel"), new("redFlags", "limb-weakness")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var thanks = await Send.GetPageAsync(client, response.Headers.Location!.OriginalString);
        var main = thanks.QuerySelector("main")!;
        var first = main.Children.First();
        Assert.Contains("urgent-advice", first.ClassList);
        Assert.Contains("Call 999 or go to A&E now", first.TextContent, StringComparison.Ordinal);
        Assert.Contains("NHS 111", first.TextContent, StringComparison.Ordinal);
        Assert.Equal("Get medical help now", main.QuerySelector("h1")!.TextContent.Replace("Urgent:", "", StringComparison.Ordinal).Trim());

        var mails = await _sink.WaitForAsync(2);
        var notification = Assert.Single(mails, m => m.EnvelopeTo.Contains("inbox@clinic.test")).Message;
        Assert.Equal("[URGENT] Question from Ada Lovelace", notification.Subject);
        Assert.Equal("urgent", notification.Headers[HeaderId.Priority]);
        Assert.StartsWith("1", notification.Headers[HeaderId.XPriority], StringComparison.Ordinal);
        Assert.Equal("high", notification.Headers[HeaderId.Importance]);
        Assert.StartsWith("URGENT: the visitor ticked red-flag symptoms:", notification.TextBody, StringComparison.Ordinal);
        Assert.Contains("Loss of bladder or bowel control", notification.TextBody, StringComparison.Ordinal);

        // The acknowledgement is the same for every enquiry: whoever typed the address may not own it,
        // so it says nothing of the symptoms (the visitor saw the urgent advice on the page above).
        var acknowledgement = Assert.Single(mails, m => m.EnvelopeTo.Contains("ada@example.com")).Message;
        Assert.StartsWith("Dear Ada,", acknowledgement.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("URGENT", acknowledgement.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("symptom", acknowledgement.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("NHS 111, or 999 in an emergency", acknowledgement.TextBody, StringComparison.Ordinal);
        Assert.Null(acknowledgement.Headers[HeaderId.XPriority]);
    }

    [Fact]
    public async Task Html_and_script_are_sent_as_text_and_every_script_arrives_intact()
    {
        const string name = "Zoë Ångström 王小明 محمد 😀";
        const string message = "<script>alert('x')</script><b>bold</b> & \"quotes\"\nÇa va? 你好 مرحبا 👍🏽";
        var response = await Send.JsonAsync(_site.Client(), b =>
        {
            b["name"] = name;
            b["message"] = message;
            b["email"] = "zoë@exämple.com";
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var mails = await _sink.WaitForAsync(2);
        var notification = Assert.Single(mails, m => m.EnvelopeTo.Contains("inbox@clinic.test")).Message;
        Assert.Equal($"Booking request from {name}", notification.Subject);
        Assert.Equal(name, Assert.Single(notification.ReplyTo.Mailboxes).Name);
        Assert.NotNull(notification.Body);
        Assert.Contains(message, notification.TextBody, StringComparison.Ordinal);
        Assert.Null(notification.HtmlBody);
        Assert.Equal("text/plain", notification.Body.ContentType.MimeType);
        var visitor = Assert.Single(mails, m => m.EnvelopeTo.Count == 1 && m.EnvelopeTo[0] != "inbox@clinic.test");
        Assert.StartsWith("Dear Zoë,", visitor.Message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_typed_into_the_form_is_shown_back_as_text()
    {
        var client = _site.Client();
        var response = await Send.FormAsync(client, f =>
        {
            f["name"] = "<img src=x onerror=alert(1)>";
            f["email"] = "not-an-email";
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Send.ParseAsync(response);
        Assert.Empty(page.QuerySelectorAll("main img"));
        Assert.Equal("<img src=x onerror=alert(1)>", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#name")!).Value);
    }
}
