using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FacetEducation.Web.Enquiries;
using Microsoft.Extensions.Time.Testing;
using SmtpServer.Protocol;

namespace FacetEducation.Tests.Enquiries;

/// <summary>The outbox under a failing mail server: nothing lost, nothing sent twice.</summary>
public sealed class OutboxFaultTests
{
    [Fact]
    public async Task Enquiry_survives_smtp_outage_and_each_is_delivered_exactly_once()
    {
        await using var sink = new SmtpSink(); // not started: connections are refused
        await using var site = new EnquiryFactory(sink);
        var client = site.Client();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await Send.JsonAsync(client, b => b["name"] = $"Visitor {i}")).StatusCode);
        }

        // Several attempts fail while the server is down; every email stays pending.
        await Eventually.TrueAsync(() => site.Store.Due(DateTimeOffset.MaxValue, 100).All(m => m.Attempts >= 2), TimeSpan.FromSeconds(10));
        Assert.Equal(10, site.Store.CountByStatus()[OutboxStatus.Pending]);

        sink.Start();
        var mails = await sink.WaitForAsync(10);
        await Eventually.TrueAsync(() => site.Store.CountByStatus()[OutboxStatus.Sent] == 10, TimeSpan.FromSeconds(5));
        await site.SenderIdleAsync(); // the sender looks at the outbox again: nothing more is sent

        Assert.Equal(10, sink.Received.Count);
        Assert.Equal(10, sink.Received.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Equal(5, mails.Count(m => m.EnvelopeTo.Contains("inbox@clinic.test")));
    }

    [Theory]
    [InlineData(421)]
    [InlineData(451)]
    public async Task Temporary_refusal_is_retried_until_accepted(int code)
    {
        await using var sink = new SmtpSink { Respond = attempt => attempt <= 3 ? new SmtpResponse((SmtpReplyCode)code, "Try again later") : null }.Start();
        await using var site = new EnquiryFactory(sink);

        Assert.Equal(HttpStatusCode.Accepted, (await Send.JsonAsync(site.Client())).StatusCode);

        await sink.WaitForAsync(2);
        await Eventually.TrueAsync(() => site.Store.CountByStatus()[OutboxStatus.Sent] == 2, TimeSpan.FromSeconds(5));
        Assert.True(sink.Attempts >= 5, $"expected retries, saw {sink.Attempts} attempts");
        Assert.Equal(2, sink.Received.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Empty(site.Enquiries.ListFailed());
    }

    [Fact]
    public async Task Permanent_refusal_marks_the_email_failed_lists_it_and_does_not_retry_it()
    {
        await using var rejecting = new SmtpSink { Respond = _ => new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "No such user") }.Start();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var rejectingSite = new EnquiryFactory(rejecting, clock);

        var response = await Send.JsonAsync(rejectingSite.Client());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        await Eventually.TrueAsync(() => rejectingSite.Enquiries.ListFailed().Count == 2, TimeSpan.FromSeconds(10));
        var attempts = rejecting.Attempts;
        clock.Advance(TimeSpan.FromMinutes(10)); // many retry periods: a 5xx is not retried
        await rejectingSite.SenderIdleAsync();
        Assert.Equal(attempts, rejecting.Attempts);
        Assert.Equal(2, attempts);

        var failed = rejectingSite.Enquiries.ListFailed();
        Assert.All(failed, f => Assert.Equal(id, f.EnquiryId));
        Assert.All(failed, f => Assert.StartsWith("550", f.LastError, StringComparison.Ordinal));
        Assert.Equal(1, failed[0].Attempts);
        Assert.Equal("failed", rejectingSite.Enquiries.GetStatus(id)!.Notification);
        // The row is marked failed just before the error is logged: wait for the log line too.
        await Eventually.TrueAsync(() => rejectingSite.Logs.Events.Any(e => e.Level == Serilog.Events.LogEventLevel.Error && e.RenderMessage(CultureInfo.InvariantCulture).Contains(id, StringComparison.Ordinal)), TimeSpan.FromSeconds(5));

        // The clinician fixes the problem and retries from the dashboard.
        rejecting.Respond = _ => null;
        Assert.True(await rejectingSite.Enquiries.RetryAsync(failed[0].Id));
        Assert.False(await rejectingSite.Enquiries.RetryAsync(failed[0].Id)); // no longer failed
        await rejecting.WaitForAsync(1);
        await Eventually.TrueAsync(() => rejectingSite.Enquiries.ListFailed().Count == 1, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Outbox_left_by_a_stopped_host_is_delivered_after_restart()
    {
        var data = Directory.CreateTempSubdirectory("facet-restart-").FullName;
        try
        {
            await using var sink = new SmtpSink();
            string[] ids;
            await using (var first = new EnquiryFactory(sink))
            {
                first.With("Enquiries:DataPath", data);
                var client = first.Client();
                var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Send.JsonAsync(client)));
                ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!));
                Assert.Equal(6, first.Store.CountByStatus()[OutboxStatus.Pending]);
            }

            sink.Start();
            await using var second = new EnquiryFactory(sink);
            second.With("Enquiries:DataPath", data);
            _ = second.Client(); // starts the host

            var mails = await sink.WaitForAsync(6);
            await Eventually.TrueAsync(() => second.Store.CountByStatus()[OutboxStatus.Sent] == 6, TimeSpan.FromSeconds(5));
            Assert.Equal(ids.Order(), mails.Select(m => m.Message.Headers["X-Enquiry-Id"]).Distinct().Order());
            Assert.Equal(6, mails.Select(m => m.Message.MessageId).Distinct().Count());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_slow_mail_server_never_delays_the_visitor()
    {
        await using var sink = new SmtpSink { Delay = TimeSpan.FromSeconds(3) }.Start();
        await using var site = new EnquiryFactory(sink);
        var client = site.Client();
        await Send.GetPageAsync(client); // warm up

        var first = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Accepted, (await Send.JsonAsync(client)).StatusCode);
        first.Stop();
        await Eventually.TrueAsync(() => sink.Attempts >= 1, TimeSpan.FromSeconds(5)); // the sender is now stuck in a slow DATA
        var second = Stopwatch.StartNew();
        var form = await Send.FormAsync(client);
        second.Stop();

        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
        Assert.True(first.Elapsed < TimeSpan.FromSeconds(2), $"API took {first.Elapsed}");
        Assert.True(second.Elapsed < TimeSpan.FromSeconds(2), $"form took {second.Elapsed}");
        Assert.Empty(sink.Received);
        await sink.WaitForAsync(4, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Without_an_smtp_host_emails_are_written_to_the_pickup_folder()
    {
        await using var site = new EnquiryFactory();
        var response = await Send.JsonAsync(site.Client(), b => b["redFlags"] = new[] { "saddle-numbness" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var pickup = Path.Combine(site.DataPath, "pickup");
        await Eventually.TrueAsync(() => Directory.GetFiles(pickup, "*.eml").Length == 2, TimeSpan.FromSeconds(5));
        var messages = Directory.GetFiles(pickup, "*.eml").Select(f => MimeKit.MimeMessage.Load(f)).ToList();
        var notification = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == "inbox@clinic.test");
        Assert.Equal("[URGENT] Booking request from Grace Hopper", notification.Subject);
        Assert.Equal("grace@example.com", notification.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal(id, notification.Headers["X-Enquiry-Id"]);
        Assert.Contains(messages, m => m.To.Mailboxes.Single().Address == "grace@example.com");
        Assert.Empty(Directory.GetFiles(pickup, "*.tmp"));
        await Eventually.TrueAsync(() => site.Store.CountByStatus()[OutboxStatus.Sent] == 2, TimeSpan.FromSeconds(5));
        Assert.True(File.Exists(Path.Combine(site.DataPath, "enquiries.db")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(site.DataPath, "keys"), "*.xml"));
    }

    [Fact]
    public void Backoff_grows_exponentially_with_jitter_and_is_capped()
    {
        var baseDelay = TimeSpan.FromSeconds(1);
        var max = TimeSpan.FromSeconds(30);
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var full = Math.Min(Math.Pow(2, attempt - 1), 30);
            var delays = Enumerable.Range(0, 50).Select(_ => FacetEducation.Web.Enquiries.OutboxSender.Backoff(attempt, baseDelay, max).TotalSeconds).ToList();
            Assert.All(delays, d => Assert.InRange(d, full / 2, full));
            Assert.True(delays.Distinct().Count() > 1, "jitter expected");
        }
    }
}
