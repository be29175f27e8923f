using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Enquiries;

namespace FacetEducation.Tests.Enquiries;

/// <summary>A submission is stored once: the form's one-time id and the API's Idempotency-Key.</summary>
public abstract class ReplayTests : IAsyncLifetime
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
    public async Task A_form_sent_twice_with_its_one_time_id_is_stored_once_and_both_answers_are_the_thank_you_page()
    {
        var client = _site.Client();
        var posted = await FilledFormAsync(client, [new("redFlags", "limb-weakness")]);

        var first = await client.PostAsync("/contact", new FormUrlEncodedContent(posted));
        var again = await client.PostAsync("/contact", new FormUrlEncodedContent(posted));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("/contact/thank-you?advice=immediate", again.Headers.Location!.OriginalString);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(1, _site.StoredEnquiries());
        Assert.Equal(2, _site.OutboxEmails());
        var mails = await _sink.WaitForAsync(2);
        await Eventually.TrueAsync(() => _site.Store.CountByStatus()[OutboxStatus.Sent] == 2, TimeSpan.FromSeconds(5));
        Assert.Equal(2, _sink.Received.Count);
        Assert.Single(mails, m => m.EnvelopeTo.Contains("inbox@clinic.test"));
    }

    [Fact]
    public async Task A_query_string_never_fills_in_what_the_form_sends()
    {
        var client = _site.Client();
        var posted = (await FilledFormAsync(client, [])).Where(f => f.Key != "message").ToList();

        var response = await client.PostAsync("/contact?message=Planted+by+a+link", new FormUrlEncodedContent(posted));

        // The form comes back with its errors: the missing message is not taken from the address.
        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<title>Error: Contact and booking", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Planted by a link", page, StringComparison.Ordinal);
        Assert.Equal(0, _site.StoredEnquiries());
    }

    [Fact]
    public async Task A_double_click_sending_two_posts_at_once_is_stored_once()
    {
        var client = _site.Client();
        var posted = await FilledFormAsync(client, []);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsync("/contact", new FormUrlEncodedContent(posted))));

        Assert.All(answers, a => Assert.Equal("/contact/thank-you", a.Headers.Location!.OriginalString));
        Assert.Equal(1, _site.StoredEnquiries());
        Assert.Equal(2, _site.OutboxEmails());
    }

    [Fact]
    public async Task Going_back_and_changing_the_message_is_a_new_enquiry_not_a_lost_one()
    {
        var client = _site.Client();
        var posted = await FilledFormAsync(client, []);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/contact", new FormUrlEncodedContent(posted))).StatusCode);

        var changed = posted.Where(f => f.Key != "message").Append(new("message", "I forgot to say: it is worse in the morning.")).ToList();
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/contact", new FormUrlEncodedContent(changed))).StatusCode);

        Assert.Equal(2, _site.StoredEnquiries());
    }

    [Fact]
    public async Task A_form_redisplayed_after_a_mistake_keeps_its_id_and_each_new_form_gets_its_own()
    {
        var client = _site.Client();
        var first = await Send.GetPageAsync(client);
        var second = await Send.GetPageAsync(client);
        var id = Id(first);
        Assert.True(Guid.TryParse(id, out _));
        Assert.NotEqual(id, Id(second));

        var refused = await client.PostAsync("/contact", new FormUrlEncodedContent(
            [.. Hidden(first), .. Send.ValidForm().Where(f => f.Key != "email")]));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(id, Id(await Send.ParseAsync(refused)));
    }

    [Fact]
    public async Task The_api_with_the_same_idempotency_key_twice_answers_the_same_202_and_stores_once()
    {
        var client = _site.Client();
        var key = Guid.NewGuid().ToString();

        var first = await PostAsync(client, key, Send.ValidJson());
        var again = await PostAsync(client, key, Send.ValidJson());

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(await IdAsync(first), await IdAsync(again));
        Assert.Equal(1, _site.StoredEnquiries());
        Assert.Equal(2, _site.OutboxEmails());

        // Without a key, or with another, each post is its own enquiry.
        Assert.Equal(HttpStatusCode.Accepted, (await Send.JsonAsync(client)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, Guid.NewGuid().ToString(), Send.ValidJson())).StatusCode);
        Assert.Equal(3, _site.StoredEnquiries());
    }

    [Fact]
    public async Task The_same_idempotency_key_with_a_different_body_is_a_422_and_stores_nothing_new()
    {
        var client = _site.Client();
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, key, Send.ValidJson())).StatusCode);

        var changed = Send.ValidJson();
        changed["message"] = "A different enquiry entirely.";
        var response = await PostAsync(client, key, changed);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Idempotency-Key", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, _site.StoredEnquiries());
    }

    public static TheoryData<string, string[]> BadKeys => new()
    {
        { "too long", [new string('k', 101)] },
        { "a control character", ["abc\u0001def"] },
        { "a space", ["two words"] },
        { "not ASCII", ["ключ"] },
        { "two keys", ["one", "two"] },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_bad_idempotency_key_is_a_400_naming_the_header(string name, string[] keys)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries") { Content = JsonContent.Create(Send.ValidJson()) };
        foreach (var key in keys)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        var response = await _site.Client().SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Idempotency-Key", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _site.StoredEnquiries());
    }

    private static async Task<List<KeyValuePair<string, string>>> FilledFormAsync(HttpClient client, IEnumerable<KeyValuePair<string, string>> extra) =>
        [.. Hidden(await Send.GetPageAsync(client)), .. Send.ValidForm(), .. extra];

    private static IEnumerable<KeyValuePair<string, string>> Hidden(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("form.enquiry-form input[type=hidden]").Cast<IHtmlInputElement>().Select(i => new KeyValuePair<string, string>(i.Name!, i.Value));

    private static string Id(AngleSharp.Html.Dom.IHtmlDocument page) => ((IHtmlInputElement)page.QuerySelector("input[name=submission]")!).Value;

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string key, Dictionary<string, object?> body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static async Task<string> IdAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
}

/// <summary>The outbox in the data folder's SQLite file (the default).</summary>
public sealed class ReplayOnSqliteTests : ReplayTests
{
    protected override EnquiryFactory OnProvider(EnquiryFactory site) => site;
}

/// <summary>The outbox in a PostgreSQL database of the test's own, on a real server.</summary>
public sealed class ReplayOnPostgresTests(TestPostgres postgres) : ReplayTests, IClassFixture<TestPostgres>
{
    protected override EnquiryFactory OnProvider(EnquiryFactory site) => Data.PostgresMigrationTests.OnPostgres(site, postgres.CreateDatabase());
}
