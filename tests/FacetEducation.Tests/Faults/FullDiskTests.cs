using System.Net;
using AngleSharp.Html.Dom;
using FacetEducation.Tests.Admin;
using FacetEducation.Tests.Enquiries;
using FacetEducation.Web.Admin;
using Microsoft.AspNetCore.Identity;

namespace FacetEducation.Tests.Faults;

/// <summary>
/// The data folder's disk fills up while the site runs (a 2 MB tmpfs in the site's own mount
/// namespace): a visitor's enquiry gets a 503 page with every word they typed, the phone number
/// and the 999/111 advice; the API a 503 with Retry-After; <c>/healthz</c> says Unhealthy; the
/// public pages go on; and nothing the visitor typed reaches the log.
/// </summary>
public sealed class FullDiskTests
{
    /// <summary>Ports 5631-5639 are this test area's.</summary>
    private const int Port = 5631;

    private const string ClinicianPassword = "a long test password";

    [SkippableFact]
    public async Task On_a_full_disk_the_visitor_gets_their_words_back_with_the_phone_number_and_health_says_unhealthy()
    {
        var cannotMount = IsolatedSite.WhyCannotMount();
        Skip.If(cannotMount is not null, cannotMount);
        await using var site = await IsolatedSite.StartAsync(Port, megabytes: 2, new Dictionary<string, string>
        {
            ["Enquiries:MinimumFillTime"] = "00:00:00",
            ["Enquiries:RateLimitPerMinute"] = "1000",
            // A 2 MB disk is always below the usual floor; this test is about a full one.
            ["Data:MinimumFreeMegabytes"] = "0",
            ["Editor:Accounts:0:UserName"] = "rita",
            ["Editor:Accounts:0:DisplayName"] = "Rita Reviewer",
            ["Editor:Accounts:0:Registration"] = "HCPC PH999999",
            ["Editor:Accounts:0:Role"] = "reviewer",
            ["Editor:Accounts:0:PasswordHash"] = new PasswordHasher<EditorAccount>().HashPassword(new EditorAccount(), ClinicianPassword),
        });
        var client = site.Client;
        Assert.Equal(HttpStatusCode.Redirect, (await Send.FormAsync(client)).StatusCode);

        site.FillDisk();
        var typed = new Dictionary<string, string>
        {
            ["name"] = "Philippa Quernmore",
            ["email"] = "philippa.quernmore@example.com",
            ["phone"] = "01632 960999",
            ["preferredContact"] = "phone",
            ["enquiryType"] = "booking",
            ["sessionType"] = "in-clinic",
            ["message"] = "Sharp ache beside the shoulder blade since the allotment weekend. " + string.Concat(Enumerable.Repeat("It wakes me at night. ", 150)),
            ["consent"] = "true",
        };
        var response = await Send.FormAsync(client, typed);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var page = await Send.ParseAsync(response);
        var form = page.QuerySelector("form.enquiry-form")!;
        Assert.Equal(typed["name"], ((IHtmlInputElement)form.QuerySelector("#name")!).Value);
        Assert.Equal(typed["email"], ((IHtmlInputElement)form.QuerySelector("#email")!).Value);
        Assert.Equal(typed["phone"], ((IHtmlInputElement)form.QuerySelector("#phone")!).Value);
        Assert.Equal(typed["message"], ((IHtmlTextAreaElement)form.QuerySelector("#message")!).Value);
        Assert.True(((IHtmlInputElement)form.QuerySelector("input[name=preferredContact][value=phone]")!).IsChecked);
        Assert.True(((IHtmlInputElement)form.QuerySelector("input[name=enquiryType][value=booking]")!).IsChecked);
        Assert.True(((IHtmlInputElement)form.QuerySelector("input[name=sessionType][value=in-clinic]")!).IsChecked);
        Assert.True(((IHtmlInputElement)form.QuerySelector("#consent")!).IsChecked);
        var alert = page.QuerySelector("[role=alert]")!;
        Assert.Contains("has not been sent", alert.TextContent, StringComparison.Ordinal);
        Assert.Equal("tel:01632960123", alert.QuerySelector("a[href^='tel:']")!.GetAttribute("href"));
        Assert.Contains("999", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("NHS 111", alert.TextContent, StringComparison.Ordinal);

        var api = await Send.JsonAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.NotNull(api.Headers.RetryAfter);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
        await Faults.AssertPublicPagesServeAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/contact", UriKind.Relative))).StatusCode);

        // The clinician signing in gets in, or a clear "editing is paused" page: never a 500.
        var signIn = await client.SubmitAsync("/admin/sign-in", "form", new() { ["userName"] = "rita", ["password"] = ClinicianPassword });
        if (signIn.StatusCode != HttpStatusCode.Redirect)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
            Assert.StartsWith("Editing is paused", (await Send.ParseAsync(signIn)).QuerySelector("#editing-paused")?.TextContent, StringComparison.Ordinal);
        }

        Assert.Contains("could not be stored in", site.Output, StringComparison.Ordinal);
        foreach (var value in typed.Values.Where(v => v.Length > 8))
        {
            Assert.DoesNotContain(value, site.Output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("allotment", site.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Grace Hopper", site.Output, StringComparison.Ordinal);
    }
}
