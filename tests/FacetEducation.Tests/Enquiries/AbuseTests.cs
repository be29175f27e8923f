using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace FacetEducation.Tests.Enquiries;

/// <summary>Spam and abuse without a captcha: honeypot, minimum fill time, rate limit.</summary>
public sealed class AbuseTests
{
    [Fact]
    public async Task Honeypot_hit_looks_accepted_but_stores_and_sends_nothing()
    {
        await using var sink = new SmtpSink().Start();
        await using var site = new EnquiryFactory(sink);
        var client = site.Client();

        var response = await Send.FormAsync(client, [.. Send.ValidForm(), new("website", "http://spam.example")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/contact/thank-you", response.Headers.Location!.OriginalString);
        await site.SenderIdleAsync(); // anything queued would have been sent by now
        Assert.Equal(0, site.StoredEnquiries());
        Assert.Equal(0, sink.Attempts);
    }

    [Fact]
    public async Task Honeypot_is_hidden_from_people_and_out_of_the_tab_order()
    {
        await using var site = new EnquiryFactory();
        var page = await Send.GetPageAsync(site.Client());

        var trap = page.GetElementById("website")!;
        Assert.Equal("-1", trap.GetAttribute("tabindex"));
        Assert.Equal("off", trap.GetAttribute("autocomplete"));
        Assert.Equal("true", trap.Closest(".form-extra")!.GetAttribute("aria-hidden"));
    }

    [Fact]
    public async Task A_form_sent_faster_than_a_person_could_is_asked_again_then_accepted()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var site = new EnquiryFactory(time: time);
        site.With("Enquiries:MinimumFillTime", "00:00:03");
        var client = site.Client();

        var quick = await Send.FormAsync(client);

        Assert.Equal(HttpStatusCode.OK, quick.StatusCode);
        var page = await Send.ParseAsync(quick);
        Assert.Contains("has not been sent yet", page.QuerySelector(".form-notice")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("ada@example.com", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#email")!).Value);
        Assert.Equal(0, site.StoredEnquiries());

        // The visitor presses Send again on the redisplayed form, after reading it over.
        var started = ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("input[name=started]")!).Value;
        var token = ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        time.Advance(TimeSpan.FromSeconds(4));
        var again = await client.PostAsync("/contact", new FormUrlEncodedContent(
            [.. Send.ValidForm(), new("started", started), new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(1, site.StoredEnquiries());
    }

    [Fact]
    public async Task A_forged_timestamp_is_not_accepted()
    {
        await using var site = new EnquiryFactory();
        site.With("Enquiries:MinimumFillTime", "00:00:03");
        var client = site.Client();
        var page = await Send.GetPageAsync(client);
        var token = ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!).Value;

        var response = await client.PostAsync("/contact", new FormUrlEncodedContent(
            [.. Send.ValidForm(), new("started", "0"), new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await Send.ParseAsync(response)).QuerySelector(".form-notice"));
        Assert.Equal(0, site.StoredEnquiries());
    }

    [Fact]
    public async Task Too_many_enquiries_from_one_client_get_429_as_problem_details_or_a_friendly_page()
    {
        await using var site = new EnquiryFactory();
        site.With("Enquiries:RateLimitPerMinute", "2");
        var client = site.Client();

        Assert.Equal(HttpStatusCode.Accepted, (await Send.JsonAsync(client)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Send.FormAsync(client)).StatusCode);

        var api = await Send.JsonAsync(client);
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains("wait a minute", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(api.Headers.RetryAfter is not null);

        var form = await Send.FormAsync(client); // reading the form is never limited; sending it is
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
        var page = await Send.ParseAsync(form);
        Assert.Equal("Too many messages in a short time", page.QuerySelector("main h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("header.site-header")); // the site's own layout
        Assert.Equal(2, site.StoredEnquiries());
    }
}
