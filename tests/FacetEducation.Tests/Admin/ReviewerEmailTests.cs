using FacetEducation.Tests.Enquiries;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using FacetEducation.Web.Enquiries;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmtpServer.Protocol;

namespace FacetEducation.Tests.Admin;

/// <summary>
/// Reviewers with an address (<c>Editor:Accounts:N:Email</c>) get an email when a version waits for
/// their sign-off, and reminders 60 and 14 days before a review is due: through the real outbox and
/// a real SMTP server, once each, whatever the restarts. The site runs on the test's clock, on data
/// and content folders that outlive each start.
/// </summary>
public sealed class ReviewerEmailTests : IAsyncLifetime
{
    private const string Condition = "/admin/edit/conditions/spinal-anatomy-explained";
    private const string RitaAddress = "rita@example.org";
    private const string EddieAddress = "eddie@example.org";

    /// <summary>13:30 in London (BST), so a time written in UTC would show as 12:30.</summary>
    private static readonly DateTimeOffset SummerNoon = new(2026, 7, 1, 12, 30, 0, TimeSpan.Zero);

    private readonly string _root = Directory.CreateTempSubdirectory("reviewer-email-").FullName;
    private readonly SmtpSink _sink = new();

    private string Data => Path.Combine(_root, "data");

    private string Content => Path.Combine(_root, "content");

    public Task InitializeAsync()
    {
        TestContent.CopyDirectory(TestContent.ShippedContentPath, Content);
        _sink.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>The site on the shared folders at <paramref name="now"/>, Rita (reviewer) and Eddie (editor) both with an address.</summary>
    private EnquiryFactory Start(DateTimeOffset now, SmtpSink? sink = null)
    {
        var site = new EnquiryFactory(sink ?? _sink, new FakeTimeProvider(now));
        EditorSite.AddAccounts(site);
        site.With("Editor:Accounts:0:Email", RitaAddress)
            .With("Editor:Accounts:1:Email", EddieAddress)
            .With("Data:Path", Data)
            .With("Content:Path", Content);
        _ = site.Client();
        return site;
    }

    private static async Task SaveForSignOffAsync(EnquiryFactory site, string line)
    {
        var eddie = await EditorSite.SignInAsync(site.Client(), "eddie");
        var body = (await (await eddie.GetAsync(new Uri(Condition, UriKind.Relative))).ParseAsync()).QuerySelector("#Form_Body")!.TextContent;
        var saved = await eddie.SubmitAsync(Condition, "#editor-form",
            new() { ["Form.Body"] = body.Replace("## Vertebrae", "## Vertebrae\n\n" + line, StringComparison.Ordinal), ["Form.ChangeSummary"] = "Cotton reels" },
            "#save-button");
        Assert.Equal(Condition + "?saved=pending", saved.Location());
    }

    private static Task<int> LookAgainAsync(EnquiryFactory site) => site.Services.GetRequiredService<ReviewReminders>().RunOnceAsync();

    /// <summary>Returns once the site's own start-up look is done (it waits for the next hour) and the
    /// outbox sender has sent whatever that look queued.</summary>
    private static async Task StartUpLookSentAsync(EnquiryFactory site)
    {
        await site.Clock.WaitForTimersAsync(ReviewReminders.Interval, after: 0);
        await site.SenderIdleAsync();
    }

    [Fact]
    public async Task A_reviewer_gets_one_email_when_a_version_awaits_sign_off_even_across_a_restart()
    {
        await using (var site = Start(SummerNoon))
        {
            await SaveForSignOffAsync(site, "The vertebrae are stacked like cotton reels.");

            var mail = Assert.Single(await _sink.WaitForAsync(1));
            Assert.Equal([RitaAddress], mail.EnvelopeTo);
            Assert.Equal("Waiting for your sign-off: Spinal anatomy explained", mail.Message.Subject);
            Assert.Equal(Web.Admin.EditorEmailKind.SignOffRequest.ToString(), mail.Message.Headers["X-Editor-Mail"]);
            var text = mail.Message.TextBody;
            Assert.StartsWith("Hello Rita Reviewer,", text, StringComparison.Ordinal);
            // The clinic's time (London, summer), not UTC.
            Assert.Contains("Eddie Editor saved a new version of “Spinal anatomy explained” (content/conditions/spinal-anatomy-explained.md) on 1 July 2026, 13:30.", text, StringComparison.Ordinal);
            Assert.Contains("What changed: “Cotton reels”", text, StringComparison.Ordinal);
            Assert.Contains("/admin/edit/conditions/spinal-anatomy-explained", text, StringComparison.Ordinal);
            Assert.Contains("/admin?show=sign-off", text, StringComparison.Ordinal);

            // Looking again queues nothing: the outbox has this version's email for Rita.
            Assert.Equal(0, await LookAgainAsync(site));
            await Eventually.TrueAsync(() => site.Store.CountByStatus()[OutboxStatus.Sent] == 1, TimeSpan.FromSeconds(10));
        }

        // A restart looks at every version still waiting, and finds it asked for already.
        await using (var again = Start(SummerNoon))
        {
            Assert.Equal(0, await LookAgainAsync(again));
            await StartUpLookSentAsync(again);
        }

        // Eddie, who saved it and cannot sign off, is never emailed; the email is neither an enquiry nor in its count.
        Assert.Single(_sink.Received);
        Assert.DoesNotContain(_sink.Received, m => m.EnvelopeTo.Contains(EddieAddress));
    }

    [Fact]
    public async Task Reminders_arrive_60_and_14_days_before_the_review_is_due_once_each_across_restarts()
    {
        // Signed off today as a full review: the next review is due in three years, on 1 July 2029.
        await using (var site = Start(SummerNoon))
        {
            await SaveForSignOffAsync(site, "The vertebrae are stacked like cotton reels.");
            await _sink.WaitForAsync(1);
            var rita = await EditorSite.SignInAsync(site.Client(), "rita");
            Assert.Equal(Condition + "?saved=signed-full", (await rita.SubmitAsync(Condition, "#sign-off-form", new() { ["review"] = "full" })).Location());
            Assert.Equal(0, await LookAgainAsync(site));
        }

        var due = new DateOnly(2029, 7, 1);
        var sixtyBefore = new DateTimeOffset(due.AddDays(-60).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        for (var start = 0; start < 2; start++)
        {
            await using var site = Start(sixtyBefore);
            await _sink.WaitForAsync(2);
            Assert.Equal(0, await LookAgainAsync(site));
            await StartUpLookSentAsync(site);
        }

        var sixty = _sink.Received[1];
        Assert.Equal([RitaAddress], sixty.EnvelopeTo);
        Assert.Equal("Review due on 1 July 2029: Spinal anatomy explained", sixty.Message.Subject);
        Assert.Contains("The clinical review of “Spinal anatomy explained” (content/conditions/spinal-anatomy-explained.md) is due on 1 July 2029, in 60 days.",
            sixty.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("/admin?show=due-soon", sixty.Message.TextBody, StringComparison.Ordinal);

        // Fourteen days before, and again after another restart four days later: the second reminder, once.
        foreach (var daysBefore in new[] { 14, 10 })
        {
            await using var site = Start(new DateTimeOffset(due.AddDays(-daysBefore).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));
            await _sink.WaitForAsync(3);
            Assert.Equal(0, await LookAgainAsync(site));
            await StartUpLookSentAsync(site);
        }

        Assert.Equal(3, _sink.Received.Count);
        Assert.Contains("is due on 1 July 2029, in 14 days.", _sink.Received[2].Message.TextBody, StringComparison.Ordinal);
        Assert.All(_sink.Received, m => Assert.Equal([RitaAddress], m.EnvelopeTo));
    }

    [Fact]
    public async Task A_refused_reviewer_email_is_listed_as_a_failed_email_not_an_enquiry_and_outlives_the_enquiry_retention()
    {
        await using var refusing = new SmtpSink { Respond = _ => new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "No such user") }.Start();
        var clock = new FakeTimeProvider(SummerNoon);
        await using var site = new EnquiryFactory(refusing, clock);
        EditorSite.AddAccounts(site);
        site.With("Editor:Accounts:0:Email", RitaAddress).With("Data:Path", Data).With("Content:Path", Content);

        await SaveForSignOffAsync(site, "The vertebrae are stacked like cotton reels.");
        await Eventually.TrueAsync(() => site.Enquiries.ListFailed().Count == 1, TimeSpan.FromSeconds(20));

        var rita = await EditorSite.SignInAsync(site.Client(), "rita");
        var (_, dashboard) = await rita.GetPageAsync("/admin");
        Assert.Equal("None: every enquiry has been delivered.",
            dashboard.QuerySelector("section[aria-labelledby='failed-enquiries'] p")!.TextContent.Trim());
        var row = Assert.Single(dashboard.QuerySelectorAll("section[aria-labelledby='failed-emails'] tbody tr"));
        Assert.Contains("To Rita Reviewer: version", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("of content/conditions/spinal-anatomy-explained.md waits for sign-off", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("550", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Editor:Accounts:N:Email", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 July 2026, 13:30", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(RitaAddress, dashboard.DocumentElement.OuterHtml, StringComparison.Ordinal);

        // A year on, the enquiry retention deletes nothing of the editor's.
        clock.Advance(TimeSpan.FromDays(365));
        await site.Services.GetRequiredService<EnquiryRetention>().RunOnceAsync(CancellationToken.None);
        Assert.Single(site.Enquiries.ListFailed());
        Assert.DoesNotContain(RitaAddress, site.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_that_is_not_one_stops_the_site_naming_the_setting()
    {
        await using var site = new EditorSite();
        site.With("Editor:Accounts:0:Email", "rita at example.org");

        var error = Assert.ThrowsAny<Exception>(() => site.Client());

        Assert.Contains("Editor:Accounts:0:Email must be one email address", error.ToString(), StringComparison.Ordinal);
    }
}
