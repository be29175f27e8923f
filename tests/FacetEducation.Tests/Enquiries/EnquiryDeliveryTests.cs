using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Enquiries;
using MimeKit;

namespace FacetEducation.Tests.Enquiries;

/// <summary>The happy paths: a form or API enquiry reaches a real SMTP server as two emails.</summary>
public abstract class EnquiryDeliveryTests : IAsyncLifetime
{
    private readonly SmtpSink _sink = new SmtpSink().Start();
    private EnquiryFactory _site = null!;

    public Task InitializeAsync()
    {
        _site = OnProvider(new EnquiryFactory(_sink));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _sink.DisposeAsync();
    }

    /// <summary>Puts the site's outbox on this suite's engine (each test runs on both).</summary>
    protected abstract EnquiryFactory OnProvider(EnquiryFactory site);

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

    /// <summary>The two headings a visitor reads above the signs of each level, on the page and in the email.</summary>
    private const string Heading999 = "Call 999 or go to A&E now if you have back or neck pain and any of these:";
    private const string Heading111 = "Call 111 or get an urgent GP appointment today if you have any of these:";

    /// <summary>Signs of each level, as the visitor reads them (a sample: the first, a new one, the last).</summary>
    private static readonly string[] Signs999 =
    [
        "Numbness or tingling around your genitals, bottom or inner thighs (where you would sit on a saddle)",
        "Chest pain, or you are short of breath, with pain in your upper back",
        "The pain started after a serious fall, a car crash or another major injury",
        "Sudden dizziness, double vision, trouble speaking or swallowing, or a face that droops",
    ];

    private static readonly string[] Signs111 =
    [
        "You have had cancer before and now have new back or neck pain",
        "Pain at night that does not ease when you rest or change position",
        "Your hands feel clumsy (for example doing up buttons), or your walking is unsteady",
        "Pain that is very bad, or getting worse even with rest and pain relief",
    ];

    [Fact]
    public async Task A_999_sign_puts_the_999_advice_first_and_marks_the_clinic_email_urgent()
    {
        var client = _site.Client();

        var response = await Send.FormAsync(client, [.. Send.ValidForm(), new("redFlags", "bladder-bowel"), new("redFlags", "night-pain")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/contact/thank-you?advice=immediate", response.Headers.Location!.OriginalString);
        var thanks = await Send.GetPageAsync(client, response.Headers.Location!.OriginalString);
        var main = thanks.QuerySelector("main")!;
        var first = main.Children[0];
        Assert.Contains("urgent-advice", first.ClassList);
        Assert.Contains("care-card--immediate", first.ClassList);
        Assert.Equal("Immediate action required: Call 999 or go to A&E now", Words(main.QuerySelector("h1")!.TextContent));
        Assert.StartsWith("Call 999 or go to A&E now", thanks.Title, StringComparison.Ordinal);
        var (page999, page111) = AdviceLists(first);
        Assert.Equal([Heading999, Heading111], first.QuerySelectorAll("h2").Select(h => Words(h.TextContent)));
        AssertApart(page999, page111);

        var mails = await _sink.WaitForAsync(2);
        var notification = Assert.Single(mails, m => m.EnvelopeTo.Contains("inbox@clinic.test")).Message;
        Assert.Equal("[URGENT] Question from Ada Lovelace", notification.Subject);
        Assert.Equal("urgent", notification.Headers[HeaderId.Priority]);
        Assert.StartsWith("1", notification.Headers[HeaderId.XPriority], StringComparison.Ordinal);
        Assert.Equal("high", notification.Headers[HeaderId.Importance]);
        // The clinic reads which level each ticked sign is, and which advice the visitor was given.
        Assert.StartsWith("""
            URGENT: the visitor ticked red-flag symptoms:
            Call 999 or go to A&E now:
              - You cannot control when you pee or poo, you leak, or you do not know when you need to poo
            Call 111 or get an urgent GP appointment today:
              - Pain at night that does not ease when you rest or change position
            They were shown the advice: Call 999 or go to A&E now.
            """.ReplaceLineEndings(), notification.TextBody!.ReplaceLineEndings(), StringComparison.Ordinal);

        var acknowledgement = Assert.Single(mails, m => m.EnvelopeTo.Contains("ada@example.com")).Message;
        Assert.StartsWith("Dear Ada,", acknowledgement.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("URGENT", acknowledgement.TextBody, StringComparison.Ordinal);
        Assert.Null(acknowledgement.Headers[HeaderId.XPriority]);
    }

    [Fact]
    public async Task Only_111_signs_put_the_111_advice_first_with_the_999_signs_after_it()
    {
        var client = _site.Client();

        var response = await Send.FormAsync(client, [.. Send.ValidForm(), new("redFlags", "weight-loss")]);

        Assert.Equal("/contact/thank-you?advice=urgent", response.Headers.Location!.OriginalString);
        var thanks = await Send.GetPageAsync(client, response.Headers.Location!.OriginalString);
        var first = thanks.QuerySelector("main")!.Children[0];
        Assert.Contains("care-card--urgent", first.ClassList);
        Assert.Equal("Urgent advice: Call 111 or get an urgent GP appointment today", Words(first.QuerySelector("h1")!.TextContent));
        Assert.Equal([Heading111, Heading999], first.QuerySelectorAll("h2").Select(h => Words(h.TextContent)));
        var (page999, page111) = AdviceLists(first);
        AssertApart(page999, page111);

        var mails = await _sink.WaitForAsync(2);
        var notification = Assert.Single(mails, m => m.EnvelopeTo.Contains("inbox@clinic.test")).Message;
        Assert.Equal("[URGENT] Question from Ada Lovelace", notification.Subject);
        Assert.Contains("Call 111 or get an urgent GP appointment today:\n  - You have lost weight without trying\n", notification.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("Call 999 or go to A&E now:", notification.TextBody, StringComparison.Ordinal);
        Assert.Contains("They were shown the advice: Call 111 or get an urgent GP appointment today.", notification.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_acknowledgement_lists_the_999_signs_and_the_111_signs_apart_whatever_was_ticked()
    {
        var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await Send.FormAsync(client, [.. Send.ValidForm(), new("redFlags", "chest-pain")])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Send.FormAsync(client, f => f["message"] = "A second question, with nothing ticked.")).StatusCode);
        var mails = await _sink.WaitForAsync(4);
        Assert.Single(mails, m => m.Message.Subject!.StartsWith("[URGENT]", StringComparison.Ordinal));
        var acknowledgements = mails.Where(m => m.EnvelopeTo.Contains("ada@example.com")).Select(m => m.Message.TextBody).ToList();

        // Whoever typed the address may not own it: the email is the same word for word whatever was
        // ticked, and says nothing of what the visitor sent.
        Assert.Equal(2, acknowledgements.Count);
        Assert.Equal(acknowledgements[0], acknowledgements[1]);
        var withFlag = acknowledgements[0]!;
        Assert.DoesNotContain("ticked", withFlag, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("This inbox is not for emergencies", withFlag, StringComparison.Ordinal);

        var lines = withFlag.ReplaceLineEndings("\n").Split('\n');
        List<string> ListAfter(string heading) =>
            [.. lines.SkipWhile(l => l != heading).Skip(1).TakeWhile(l => l.StartsWith("  - ", StringComparison.Ordinal)).Select(l => l[4..])];
        var email999 = ListAfter(Heading999);
        var email111 = ListAfter(Heading111);
        Assert.True(Array.IndexOf(lines, Heading999) < Array.IndexOf(lines, Heading111), "The 999 signs come first.");
        AssertApart(email999, email111);
    }

    /// <summary>Each sign is in the list of its own level and in no other.</summary>
    private static void AssertApart(IReadOnlyList<string> list999, IReadOnlyList<string> list111)
    {
        Assert.Equal(9, list999.Count);
        Assert.Equal(8, list111.Count);
        Assert.All(Signs999, sign => Assert.Contains(sign, list999));
        Assert.All(Signs111, sign => Assert.Contains(sign, list111));
        Assert.Empty(list999.Intersect(list111));
    }

    /// <summary>The signs under each advice heading of the thank-you page's card.</summary>
    private static (List<string> List999, List<string> List111) AdviceLists(AngleSharp.Dom.IElement card)
    {
        List<string> ListUnder(string heading)
        {
            var h2 = card.QuerySelectorAll("h2").Single(h => Words(h.TextContent) == heading);
            var list = h2.NextElementSibling!;
            Assert.Equal("UL", list.TagName);
            return [.. list.QuerySelectorAll("li").Select(li => Words(li.TextContent))];
        }

        return (ListUnder(Heading999), ListUnder(Heading111));
    }

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

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

/// <summary>The outbox in the data folder's SQLite file (the default).</summary>
public sealed class EnquiryDeliveryOnSqliteTests : EnquiryDeliveryTests
{
    protected override EnquiryFactory OnProvider(EnquiryFactory site) => site;
}

/// <summary>The outbox in a PostgreSQL database of the test's own, on a real server.</summary>
public sealed class EnquiryDeliveryOnPostgresTests(TestPostgres postgres) : EnquiryDeliveryTests, IClassFixture<TestPostgres>
{
    protected override EnquiryFactory OnProvider(EnquiryFactory site) => Data.PostgresMigrationTests.OnPostgres(site, postgres.CreateDatabase());
}
