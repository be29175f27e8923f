using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Enquiries;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FacetEducation.Tests.Enquiries;

/// <summary>
/// The site with enquiries pointed at an <see cref="SmtpSink"/> (started or not: the test decides),
/// fast retries, no minimum fill time, a high rate limit and high acknowledgement caps, unless a
/// test says otherwise. The site runs on an <see cref="ObservedClock"/> over the given clock (the
/// real one by default), so a test can wait for the outbox sender's next round.
/// Log events are captured so tests can check what is (and is not) logged.
/// </summary>
public sealed class EnquiryFactory : SiteFactory
{
    /// <summary>How often the outbox sender looks when nothing wakes it: the timer of its idle wait.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public EnquiryFactory(SmtpSink? sink = null, TimeProvider? time = null)
    {
        Clock = new ObservedClock(time ?? TimeProvider.System);
        Time = Clock;
        Sink = sink;
        With("Enquiries:MinimumFillTime", "00:00:00");
        With("Enquiries:RateLimitPerMinute", "1000");
        With("Enquiries:AcknowledgementsPerAddressPerDay", "1000");
        With("Enquiries:AcknowledgementsPerHour", "1000000");
        With("Enquiries:RetryBaseDelay", "00:00:00.100");
        With("Enquiries:RetryMaxDelay", "00:00:00.400");
        With("Enquiries:PollInterval", PollInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        With("Mail:From", "Clinic website <website@clinic.test>");
        With("Mail:ClinicInbox", "inbox@clinic.test");
        if (sink is not null)
        {
            With("Smtp:Host", "127.0.0.1");
            With("Smtp:Port", sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            With("Smtp:Security", "None");
            With("Smtp:Timeout", "00:00:05");
        }
    }

    public SmtpSink? Sink { get; }

    /// <summary>The clock the site runs on.</summary>
    public ObservedClock Clock { get; }

    internal EnquiryStore Store => Services.GetRequiredService<EnquiryStore>();

    public EnquiryService Enquiries => Services.GetRequiredService<EnquiryService>();

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public int StoredEnquiries() => Store.CountEnquiries();

    /// <summary>Emails in the outbox, whatever their status: what will be sent, once each.</summary>
    public int OutboxEmails() => Store.CountByStatus().Values.Sum();

    /// <summary>
    /// Wakes the outbox sender and returns once a round of it that began after this call has found
    /// nothing due and started its idle wait: whatever was in the outbox and due by then has been
    /// sent, refused or rescheduled. Two wakes, because the first idle wait after the call can end a
    /// round that began before it.
    /// </summary>
    public async Task SenderIdleAsync()
    {
        var before = Clock.TimersStarted;
        var signal = Services.GetRequiredService<OutboxSignal>();
        signal.Wake();
        await Clock.WaitForTimersAsync(PollInterval, before);
        signal.Wake();
        await Clock.WaitForTimersAsync(PollInterval, before, count: 2);
    }
}

/// <summary>Sends enquiries the way a browser or an API client does.</summary>
public static class Send
{
    public static Dictionary<string, string> ValidForm() => new()
    {
        ["name"] = "Ada Lovelace",
        ["email"] = "ada@example.com",
        ["phone"] = "01632 960456",
        ["preferredContact"] = "email",
        ["enquiryType"] = "question",
        ["message"] = "My lower back hurts when I sit for long.",
        ["consent"] = "true",
    };

    public static Dictionary<string, object?> ValidJson() => new()
    {
        ["name"] = "Grace Hopper",
        ["email"] = "grace@example.com",
        ["phone"] = "+44 1632 960789",
        ["preferredContact"] = "phone",
        ["enquiryType"] = "booking",
        ["sessionType"] = "in-clinic",
        ["preferredTimes"] = new[] { "Wednesday 09:00", "Friday 13:00" },
        ["message"] = "I would like an assessment for neck pain.",
        ["consent"] = true,
        ["redFlags"] = Array.Empty<string>(),
    };

    public static async Task<IHtmlDocument> GetPageAsync(HttpClient client, string path = "/contact")
    {
        var response = await client.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await ParseAsync(response);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    /// <summary>GETs the form, then POSTs the fields with its antiforgery token, cookie and timestamp.</summary>
    public static async Task<HttpResponseMessage> FormAsync(HttpClient client, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var page = await GetPageAsync(client);
        var form = page.QuerySelector("form.enquiry-form")!;
        var posted = new List<KeyValuePair<string, string>>();
        foreach (var hidden in form.QuerySelectorAll("input[type=hidden]").Cast<IHtmlInputElement>())
        {
            if (withToken || hidden.Name != "__RequestVerificationToken")
            {
                posted.Add(new(hidden.Name!, hidden.Value));
            }
        }

        posted.AddRange(fields);
        return await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(posted));
    }

    public static Task<HttpResponseMessage> FormAsync(HttpClient client, Action<Dictionary<string, string>>? change = null)
    {
        var fields = ValidForm();
        change?.Invoke(fields);
        return FormAsync(client, fields);
    }

    public static Task<HttpResponseMessage> JsonAsync(HttpClient client, Action<Dictionary<string, object?>>? change = null)
    {
        var body = ValidJson();
        change?.Invoke(body);
        return client.PostAsJsonAsync("/api/enquiries", body);
    }
}
