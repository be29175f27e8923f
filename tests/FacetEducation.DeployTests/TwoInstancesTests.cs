using System.Diagnostics;
using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using FacetEducation.DeployTests.Infrastructure;
using FacetEducation.Tests.Enquiries;
using Xunit.Abstractions;

namespace FacetEducation.DeployTests;

/// <summary>
/// Two instances on PostgreSQL behind Debian's nginx (docs/scaling.md), as real processes: one
/// test, in the order a clinic would meet these (the last step kills an instance). The figures it
/// prints go in docs/scaling.md.
/// </summary>
public sealed class TwoInstancesTests(TwoInstances site, ITestOutputHelper output) : IClassFixture<TwoInstances>
{
    private const int Enquiries = 500;

    /// <summary>nginx allows each address 10 enquiries at once (limit_req burst): the enquiries come from this many visitors.</summary>
    private const int Visitors = 50;

    private static readonly HtmlParser Html = new();

    [Fact]
    public async Task Forms_content_and_the_outbox_work_across_two_instances_and_a_sigkill_loses_no_enquiry()
    {
        output.WriteLine(site.SetupLog);
        await A_form_rendered_by_one_instance_is_accepted_by_the_other();
        await A_save_through_nginx_goes_to_the_first_instance_and_the_second_serves_it_within_ten_seconds();
        await A_guesser_made_to_wait_by_the_first_instance_waits_at_the_second();
        await Enquiries_sent_across_both_during_an_outage_are_each_delivered_though_one_instance_is_killed_mid_delivery();
        await With_the_first_instance_dead_nginx_sends_pages_and_admin_to_the_second();
    }

    private async Task A_form_rendered_by_one_instance_is_accepted_by_the_other()
    {
        using var page = await site.A.GetAsync("/contact");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var cookies = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]);
        var form = (await Html.ParseDocumentAsync(await page.Content.ReadAsStringAsync())).QuerySelector("form.enquiry-form")!;
        List<KeyValuePair<string, string>> fields =
        [
            .. form.QuerySelectorAll("input[type=hidden]").Cast<IHtmlInputElement>().Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)),
            new("name", "Ada Lovelace"), new("email", "across@example.com"), new("preferredContact", "email"),
            new("enquiryType", "question"), new("message", "Rendered by one instance, sent to the other."), new("consent", "true"),
        ];
        using var post = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("action")) { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", string.Join("; ", cookies));

        using var sent = await site.B.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("/contact/thank-you", sent.Headers.Location?.OriginalString);
        Assert.Equal(1, site.Count("SELECT count(*) FROM enquiries"));
        output.WriteLine("contact form rendered by A, posted to B: accepted (redirected to /contact/thank-you), stored once");
    }

    private async Task A_save_through_nginx_goes_to_the_first_instance_and_the_second_serves_it_within_ten_seconds()
    {
        const string edit = "/admin/edit/blog/desk-neck-tips";
        var marker = "Saved on one instance, served by the other " + Guid.NewGuid().ToString("N")[..8];
        var editor = site.Visitors.From("127.0.0.2");
        var session = await SignInAsync(editor);
        using var editPage = await SendAsync(editor, HttpMethod.Get, edit, session);
        Assert.Equal(HttpStatusCode.OK, editPage.StatusCode);
        var document = await Html.ParseDocumentAsync(await editPage.Content.ReadAsStringAsync());
        var fields = Fields(document.QuerySelector("#editor-form")!);
        var body = fields.Single(f => f.Key == "Form.Body");
        fields[fields.IndexOf(body)] = new(body.Key, body.Value + "\n\n" + marker + ".");
        Assert.DoesNotContain(marker, await PageTextAsync(site.B, "/blog/desk-neck-tips"), StringComparison.Ordinal);

        var clock = Stopwatch.StartNew();
        using var saved = await SendAsync(editor, HttpMethod.Post, WebUtility.HtmlDecode(document.QuerySelector("#save-button")!.GetAttribute("formaction")!), session,
            new FormUrlEncodedContent(fields));
        var savedAfter = clock.Elapsed;
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(edit + "?saved=published", saved.Headers.Location?.OriginalString);
        var seen = false;
        while (!seen && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            seen = (await PageTextAsync(site.B, "/blog/desk-neck-tips")).Contains(marker, StringComparison.Ordinal);
            if (!seen)
            {
                await Task.Delay(50);
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"editor's save through nginx (to A): {savedAfter.TotalMilliseconds:F0} ms; served by B (not watching, Content:PollInterval 1 s) {clock.Elapsed.TotalMilliseconds:F0} ms after the save began"));
        Assert.True(seen, "B did not serve the change within 10 s");
        // nginx sent /admin to A (B is only its backup): the sign-in and the save happened there.
        Assert.Equal(1, site.A.Logged("Editor clinician signed in"));
        Assert.Equal(1, site.A.Logged("clinician published blog/desk-neck-tips.md"));
        Assert.Equal(0, site.B.Logged("Editor clinician signed in"));
        Assert.Equal(0, site.B.Logged("published blog/desk-neck-tips.md"));
    }

    private async Task A_guesser_made_to_wait_by_the_first_instance_waits_at_the_second()
    {
        // Straight to each instance (nginx pins /admin to A), from one visitor address: the throttle is in the shared database.
        const string Guesser = "127.0.0.66";
        for (var i = 0; i < 4; i++)
        {
            using var wrong = await TryDirectAsync(site.A, await SignInFormAsync(site.A), Guesser, "guess " + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        // B's form is fetched first, so B is asked within the one-second wait the fifth failure starts.
        var formAtB = await SignInFormAsync(site.B);
        using (var fifth = await TryDirectAsync(site.A, await SignInFormAsync(site.A), Guesser, "guess 4"))
        {
            Assert.Equal(HttpStatusCode.OK, fifth.StatusCode);
        }

        using var refused = await TryDirectAsync(site.B, formAtB, Guesser, TwoInstances.EditorPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Try again in", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, site.B.Logged("Editor clinician signed in"));
        // Once the wait is over, the right password at A clears the address for both.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        using var signedIn = await TryDirectAsync(site.A, await SignInFormAsync(site.A), Guesser, TwoInstances.EditorPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        output.WriteLine("five wrong passwords at A from one address: the right password from it at B refused (429, 'Try again in'), unchecked");
    }

    /// <summary>The sign-in form of one instance: its antiforgery cookie and token.</summary>
    private static async Task<(string Cookie, string Token)> SignInFormAsync(TwoInstances.Instance instance)
    {
        using var page = await instance.GetAsync("/admin/sign-in");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var cookie = page.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var token = (await Html.ParseDocumentAsync(await page.Content.ReadAsStringAsync())).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return (cookie, token);
    }

    private static async Task<HttpResponseMessage> TryDirectAsync(TwoInstances.Instance instance, (string Cookie, string Token) form, string visitor, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = "clinician",
                ["password"] = password,
                ["__RequestVerificationToken"] = form.Token,
            }),
        };
        request.Headers.Add("Cookie", form.Cookie);
        return await instance.SendAsync(request, visitor);
    }

    private async Task Enquiries_sent_across_both_during_an_outage_are_each_delivered_though_one_instance_is_killed_mid_delivery()
    {
        var clock = Stopwatch.StartNew();
        var before = site.Count("SELECT count(*) FROM enquiries");
        const string Stored = " stored from Api ";
        var apiOnA = site.A.Logged(Stored);
        var apiOnB = site.B.Logged(Stored);
        var sent = await Task.WhenAll(Enumerable.Range(0, Visitors).Select(async v =>
        {
            var client = site.Visitors.From(string.Create(CultureInfo.InvariantCulture, $"127.0.0.{10 + v}"));
            var statuses = new List<HttpStatusCode>();
            for (var i = v; i < Enquiries; i += Visitors)
            {
                using var response = await Enquiry.SendAsync(client, string.Create(CultureInfo.InvariantCulture, $"visitor{i}@example.com"));
                statuses.Add(response.StatusCode);
            }

            return statuses;
        }));
        var accepted = clock.Elapsed;
        Assert.All(sent.SelectMany(s => s), s => Assert.Equal(HttpStatusCode.Accepted, s));
        Assert.Equal(before + Enquiries, site.Count("SELECT count(*) FROM enquiries"));
        var expected = (int)site.Count("SELECT count(*) FROM outbox");
        Assert.Equal(2 * (before + Enquiries), expected);
        // Round robin: both instances took enquiries.
        var (toA, toB) = (site.A.Logged(Stored) - apiOnA, site.B.Logged(Stored) - apiOnB);
        Assert.Equal(Enquiries, toA + toB);
        Assert.True(toA > Enquiries / 4 && toB > Enquiries / 4, $"nginx did not share the enquiries: A {toA}, B {toB}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Enquiries} enquiries from {Visitors} addresses through nginx while the mail server was down: all 202 in {accepted.TotalSeconds:F1} s (A took {toA}, B {toB})"));

        // The server returns; A is killed while it holds emails it is sending.
        clock.Restart();
        site.Smtp.Start();
        var killedSender = $"%/{site.A.Process.Id}/%";
        var claimsOfA = 0L;
        await Eventually.TrueAsync(() =>
            site.Smtp.Received.Count >= expected / 5 && (claimsOfA = site.Count($"SELECT count(*) FROM outbox WHERE claimed_by LIKE '{killedSender}'")) > 0,
            TimeSpan.FromSeconds(60), () => $"{site.Smtp.Received.Count} received, A holds {claimsOfA}");
        await site.A.Process.SignalAsync("KILL");
        Assert.True(await site.A.Process.WaitForExitAsync(TimeSpan.FromSeconds(10)), "A did not die");
        var receivedAtKill = site.Smtp.Received.Count;
        var killedAt = clock.Elapsed;
        var leftByA = site.Count($"SELECT count(*) FROM outbox WHERE claimed_by LIKE '{killedSender}' AND status = 'pending'");

        await Eventually.TrueAsync(() => site.Count("SELECT count(*) FROM outbox WHERE status = 'sent'") == expected,
            TimeSpan.FromSeconds(60), () => $"{site.Count("SELECT count(*) FROM outbox WHERE status = 'sent'")} of {expected} sent");
        var delivered = clock.Elapsed;
        var received = site.Smtp.Received;
        var copies = received.Select((m, i) => (m.Message.MessageId, Index: i)).GroupBy(m => m.MessageId).ToList();
        var repeated = copies.Where(g => g.Count() > 1).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mail server back: A killed with SIGKILL after {killedAt.TotalSeconds:F1} s, with {receivedAtKill} of {expected} emails received and {leftByA} emails still claimed by A (taken by B when Enquiries:ClaimLease, 5 s here, ran out)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"all {expected} emails sent {delivered.TotalSeconds:F1} s after the server returned; {received.Count} received; Message-Ids received twice: {repeated.Count} ({string.Join(", ", repeated.Select(g => g.Key))})"));

        // Every email arrived: one notification to the clinic and one acknowledgement to each visitor.
        Assert.Equal(expected, copies.Count);
        Assert.Equal(before + Enquiries, received.Where(m => m.EnvelopeTo.Contains("inbox@clinic.test")).Select(m => m.Message.MessageId).Distinct().Count());
        Assert.All(Enumerable.Range(0, Enquiries), i => Assert.Contains(received, m => m.EnvelopeTo.Contains($"visitor{i}@example.com")));
        // A repeat only of what A had sent, and the server answered, just before it died: one email at most (it sends one at a time).
        Assert.True(repeated.Count <= 1, $"{repeated.Count} emails were sent twice");
        Assert.All(repeated, g => Assert.True(g.First().Index < receivedAtKill, $"{g.Key} was first received after the kill"));
        Assert.Equal(0, site.Count("SELECT count(*) FROM outbox WHERE claimed_by IS NOT NULL OR status <> 'sent'"));
    }

    private async Task With_the_first_instance_dead_nginx_sends_pages_and_admin_to_the_second()
    {
        Assert.True(site.A.Process.HasExited);
        var visitor = site.Visitors.From("127.0.0.3");
        foreach (var path in new[] { "/", "/contact", "/blog/desk-neck-tips", "/about", "/" })
        {
            using var page = await visitor.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        // The backup takes /admin: the clinician signs in there (the sign-in cookie's keys are in the shared database).
        var session = await SignInAsync(site.Visitors.From("127.0.0.4"));
        using var dashboard = await SendAsync(site.Visitors.From("127.0.0.4"), HttpMethod.Get, "/admin", session);

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Test Clinician", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, site.B.Logged("Editor clinician signed in"));
        output.WriteLine("A dead: public pages through nginx answered by B; /admin sign-in through nginx taken by B, A's backup");
    }

    /// <summary>Signs the clinician in through nginx; returns the session cookie.</summary>
    private static async Task<string> SignInAsync(HttpClient client)
    {
        using var page = await client.GetAsync(new Uri("/admin/sign-in", UriKind.Relative));
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var token = (await Html.ParseDocumentAsync(await page.Content.ReadAsStringAsync())).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var post = await SendAsync(client, HttpMethod.Post, "/admin/sign-in", antiforgery, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "clinician",
            ["password"] = TwoInstances.EditorPassword,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        var session = post.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("facet_editor=", StringComparison.Ordinal)).Split(';')[0];
        return antiforgery + "; " + session;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string cookie, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    /// <summary>The page's text as the instance serves it (uncompressed: the direct client asks for no encoding).</summary>
    private static async Task<string> PageTextAsync(TwoInstances.Instance instance, string path)
    {
        using var response = await instance.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A form's fields as a browser sends them (the text boxes, the chosen options, the ticked boxes).</summary>
    private static List<KeyValuePair<string, string>> Fields(AngleSharp.Dom.IElement form)
    {
        List<KeyValuePair<string, string>> fields = [];
        foreach (var element in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = element.GetAttribute("name")!;
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box when box.IsChecked:
                    fields.Add(new(name, box.Value));
                    break;
                case IHtmlInputElement { Type: "checkbox" or "radio" or "file" or "submit" }:
                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement area:
                    fields.Add(new(name, area.Value));
                    break;
                case IHtmlSelectElement select:
                    fields.Add(new(name, select.Value ?? ""));
                    break;
                default:
                    break;
            }
        }

        return fields;
    }
}
