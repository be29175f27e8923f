using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace FacetEducation.Tests.Enquiries;

/// <summary>
/// The acknowledgement cannot be used as a relay: it carries nothing a stranger typed but a short
/// first name, and the site sends only so many, per address and per hour, counted from the outbox.
/// </summary>
public sealed class RelayTests
{
    private const string Inbox = "inbox@clinic.test";

    /// <summary>Hostile names, and the greeting the acknowledgement may carry for each (null: "Hello,").</summary>
    public static TheoryData<string, string?> HostileNames => new()
    {
        { "http://evil.example/win Claim your prize", null },
        { "Ada <a href=https://evil.example>click here</a>", "Ada" },
        { "evil.example", null },
        { "www.evil.example Free pills", null },
        { "\uFF37\uFF57\uFF57\uFF0E\uFF45\uFF56\uFF49\uFF4C\uFF0E\uFF43\uFF4F\uFF4D Free pills", null },
        { "[Click](https://evil.example) now", null },
        { "Ada@evil.example", null },
        { "Bob\u202Egnp.exe", null },
        { "ClaimYourFreePrizeNowAtOurWebsite today", "ClaimYourFreePrizeNo" },
        { "Call0800123456 now", null },
        { "O'Brien-Smith Mary", "O'Brien-Smith" },
        { "\u202EnimdA Lovelace", "nimdA" },
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task The_acknowledgement_carries_only_a_short_first_name_and_no_message_text(string name, string? greeting)
    {
        await using var sink = new SmtpSink().Start();
        await using var site = new EnquiryFactory(sink);
        const string message = "Visit https://evil.example/offer for cheap pills, reply STOP to www.evil.example";

        var response = await Send.JsonAsync(site.Client(), b =>
        {
            b["name"] = name;
            b["email"] = "victim@example.net";
            b["message"] = message;
            b["redFlags"] = new[] { "bladder-bowel" };
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var mails = await sink.WaitForAsync(2);
        var acknowledgement = Assert.Single(mails, m => m.EnvelopeTo.Contains("victim@example.net")).Message;
        var text = acknowledgement.TextBody;
        Assert.StartsWith(greeting is null ? "Hello," : $"Dear {greeting},", text, StringComparison.Ordinal);
        Assert.Equal(greeting ?? "", Assert.Single(acknowledgement.To.Mailboxes).Name);
        Assert.DoesNotContain("URGENT", text, StringComparison.Ordinal);
        var banned = new[] { "evil", "http", "www", "href", "pills", "Claim", "prize", "0800", "\u202E", "symptom" };
        foreach (var part in banned.Where(p => greeting?.Contains(p, StringComparison.OrdinalIgnoreCase) != true))
        {
            Assert.DoesNotContain(part, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(part, acknowledgement.Subject, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(part, acknowledgement.To.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        // The clinic still reads everything the visitor typed.
        var notification = Assert.Single(mails, m => m.EnvelopeTo.Contains(Inbox)).Message;
        Assert.Contains(message, notification.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bidi_controls_in_a_name_never_reach_the_clinics_subject_or_a_display_name()
    {
        await using var sink = new SmtpSink().Start();
        await using var site = new EnquiryFactory(sink);
        var controls = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C";

        var response = await Send.FormAsync(site.Client(), f => f["name"] = $"Ada{controls} Love\u202Eexe.fdp\u202Clace");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mails = await sink.WaitForAsync(2);
        var notification = Assert.Single(mails, m => m.EnvelopeTo.Contains(Inbox)).Message;
        Assert.Equal("Question from Ada Loveexe.fdplace", notification.Subject);
        Assert.Equal("Ada Loveexe.fdplace", Assert.Single(notification.ReplyTo.Mailboxes).Name);
        var acknowledgement = Assert.Single(mails, m => !m.EnvelopeTo.Contains(Inbox)).Message;
        Assert.Equal("Ada", Assert.Single(acknowledgement.To.Mailboxes).Name);
        foreach (var c in controls)
        {
            Assert.DoesNotContain(c, notification.Subject!);
            Assert.DoesNotContain(c, notification.ReplyTo.ToString());
            Assert.DoesNotContain(c, acknowledgement.TextBody!);
        }
    }

    [Fact]
    public async Task A_fourth_acknowledgement_to_one_address_in_a_day_is_not_sent_but_the_enquiry_is_stored_and_the_clinic_told()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sink = new SmtpSink().Start();
        await using var site = new EnquiryFactory(sink, time);
        site.With("Enquiries:AcknowledgementsPerAddressPerDay", "3");
        var client = site.Client();

        List<string> ids = [];
        // The same address however it is written: case, form and API alike.
        foreach (var email in new[] { "victim@example.net", "Victim@Example.NET", "victim@example.net", "VICTIM@example.net" })
        {
            ids.Add(await AcceptedIdAsync(client, email));
            time.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(4, site.StoredEnquiries());
        var mails = await sink.WaitForAsync(7);
        Assert.Equal(3, mails.Count(m => !m.EnvelopeTo.Contains(Inbox)));
        Assert.Equal(["sent", "sent", "sent", "none"], await AcknowledgementsAsync(site, ids));
        var fourth = Assert.Single(mails, m => m.Message.Headers["X-Enquiry-Id"] == ids[3]).Message;
        Assert.StartsWith("NOTE: no acknowledgement email went to the visitor", fourth.TextBody, StringComparison.Ordinal);
        Assert.Contains("this address", fourth.TextBody, StringComparison.Ordinal);
        var first = Assert.Single(mails, m => m.Message.Headers["X-Enquiry-Id"] == ids[0] && m.EnvelopeTo.Contains(Inbox)).Message;
        Assert.DoesNotContain("no acknowledgement", first.TextBody, StringComparison.Ordinal);

        // A day after the first, one more may go; another address was never held back.
        time.Advance(TimeSpan.FromHours(21));
        ids.Add(await AcceptedIdAsync(client, "victim@example.net"));
        ids.Add(await AcceptedIdAsync(client, "someone.else@example.net"));
        await sink.WaitForAsync(11);
        Assert.Equal(["sent", "sent"], (await AcknowledgementsAsync(site, ids))[4..]);
    }

    [Fact]
    public async Task Past_the_hourly_cap_no_acknowledgement_goes_to_anyone_until_the_hour_has_passed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sink = new SmtpSink().Start();
        await using var site = new EnquiryFactory(sink, time);
        site.With("Enquiries:AcknowledgementsPerHour", "2");
        var client = site.Client();

        List<string> ids = [];
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await AcceptedIdAsync(client, $"visitor{i}@example.net"));
            time.Advance(TimeSpan.FromMinutes(10));
        }

        var mails = await sink.WaitForAsync(6);
        Assert.Equal(["sent", "sent", "none", "none"], await AcknowledgementsAsync(site, ids));
        var third = Assert.Single(mails, m => m.Message.Headers["X-Enquiry-Id"] == ids[2]).Message;
        Assert.Contains("this hour", third.TextBody, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromMinutes(21)); // an hour and a minute after the first
        ids.Add(await AcceptedIdAsync(client, "visitor5@example.net"));
        await sink.WaitForAsync(8);
        Assert.Equal("sent", (await AcknowledgementsAsync(site, ids))[4]);
    }

    [Fact]
    public async Task The_caps_hold_for_concurrent_posts()
    {
        await using var sink = new SmtpSink().Start();
        await using var site = new EnquiryFactory(sink);
        site.With("Enquiries:AcknowledgementsPerAddressPerDay", "3");
        var client = site.Client();

        var ids = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => AcceptedIdAsync(client, "victim@example.net")));

        Assert.Equal(12, site.StoredEnquiries());
        await sink.WaitForAsync(15);
        var acknowledgements = await AcknowledgementsAsync(site, ids);
        Assert.Equal(3, acknowledgements.Count(a => a == "sent"));
        Assert.Equal(9, acknowledgements.Count(a => a == "none"));
    }

    [Fact]
    public async Task The_caps_hold_across_a_restart_because_they_count_the_outbox()
    {
        var data = Directory.CreateTempSubdirectory("facet-relay-").FullName;
        try
        {
            await using var sink = new SmtpSink().Start();
            await using (var before = new EnquiryFactory(sink))
            {
                before.With("Data:Path", data).With("Enquiries:AcknowledgementsPerAddressPerDay", "3");
                for (var i = 0; i < 3; i++)
                {
                    await AcceptedIdAsync(before.Client(), "victim@example.net");
                }

                await sink.WaitForAsync(6);
            }

            await using var after = new EnquiryFactory(sink);
            after.With("Data:Path", data).With("Enquiries:AcknowledgementsPerAddressPerDay", "3");
            var id = await AcceptedIdAsync(after.Client(), "victim@example.net");

            Assert.Equal(4, after.StoredEnquiries());
            var mails = await sink.WaitForAsync(7);
            Assert.Equal(["none"], await AcknowledgementsAsync(after, [id]));
            Assert.Equal(3, mails.Count(m => !m.EnvelopeTo.Contains(Inbox)));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<string> AcceptedIdAsync(HttpClient client, string email)
    {
        var response = await Send.JsonAsync(client, b => b["email"] = email);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Each enquiry's acknowledgement status once the clinic's email has gone: "sent", or "none" when held back.</summary>
    private static async Task<string[]> AcknowledgementsAsync(EnquiryFactory site, IEnumerable<string> ids)
    {
        var list = ids.ToList();
        await Eventually.TrueAsync(() => list.All(id => site.Enquiries.GetStatus(id) is { Notification: "sent", Acknowledgement: "sent" or "none" }),
            TimeSpan.FromSeconds(10));
        return [.. list.Select(id => site.Enquiries.GetStatus(id)!.Acknowledgement)];
    }
}
