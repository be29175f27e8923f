using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FacetEducation.Tests.Enquiries;

/// <summary>One site and one SMTP server for every bad input: none of them may store or send anything.</summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    public SmtpSink Sink { get; } = new SmtpSink().Start();

    public EnquiryFactory Site { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Site = new EnquiryFactory(Sink);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Site.DisposeAsync();
        await Sink.DisposeAsync();
    }
}

/// <summary>Every bad input from the issue, through the form and through the API.</summary>
public sealed class BadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    /// <summary>A bad input: the field it is about, and how to make a valid enquiry bad.</summary>
    public static TheoryData<string, string, string?> Cases => new()
    {
        // case name, field, value (null removes the field)
        { "missing email", "email", null },
        { "empty email", "email", "" },
        { "invalid email", "email", "ada@" },
        { "email with a display name", "email", "Ada <ada@example.com>" },
        { "email with a line break", "email", "ada@example.com\r\nBcc: victim@example.org" },
        { "email to an IP literal", "email", "ada@[127.0.0.1]" },
        { "email to an IPv6 literal", "email", "ada@[IPv6:::1]" },
        { "email to a bare IP address", "email", "ada@127.0.0.1" },
        { "email with a numeric top-level domain", "email", "ada@example.123" },
        { "email with a 65-character local part", "email", new string('a', 65) + "@example.com" },
        { "email with invalid punycode", "email", "ada@xn--.example" },
        { "email with an underscore in the domain", "email", "ada@bad_domain.example" },
        { "empty name", "name", "   " },
        { "name with a line break", "name", "Ada\r\nBcc: victim@example.org" },
        { "name with a bare line feed", "name", "Ada\nLovelace" },
        { "phone with a line break", "phone", "01632 960456\nX-Injected: yes" },
        { "phone that is not a number", "phone", "call me maybe" },
        { "unknown enquiry type", "enquiryType", "complaint" },
        { "unknown contact method", "preferredContact", "pigeon" },
        { "empty message", "message", "" },
        { "message over the limit", "message", new string('a', 4001) },
        { "consent not ticked", "consent", null },
        { "unknown red flag", "redFlags", "headache" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_form_input_redisplays_the_form_with_the_error_beside_the_field(string name, string field, string? value)
    {
        var fields = Send.ValidForm().ToList();
        fields.RemoveAll(f => f.Key == field);
        if (value is not null)
        {
            fields.Add(new(field, value));
        }

        await AssertFormRefusedAsync(name, fields, field);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_api_input_is_a_400_naming_the_field(string name, string field, string? value)
    {
        var body = Send.ValidJson();
        if (value is null)
        {
            body.Remove(field);
        }
        else
        {
            body[field] = field is "redFlags" or "preferredTimes" ? new[] { value } : value;
        }

        await AssertApiRefusedAsync(name, body, field);
    }

    public static TheoryData<string, string[]> OutsideHours => new()
    {
        { "a closed day", ["Monday 10:00"] },
        { "before opening", ["Wednesday 08:00"] },
        { "a session that would end after closing", ["Friday 14:00"] },
        { "one good and one bad", ["Thursday 09:00", "Sunday 09:00"] },
        { "not a time at all", ["whenever"] },
        { "a line break", ["Wednesday\r\n09:00"] },
    };

    [Theory]
    [MemberData(nameof(OutsideHours))]
    public async Task Booking_times_outside_opening_hours_are_refused_through_form_and_api(string name, string[] times)
    {
        var fields = Send.ValidForm().ToList();
        fields.RemoveAll(f => f.Key == "enquiryType");
        fields.Add(new("enquiryType", "booking"));
        fields.Add(new("sessionType", "online"));
        fields.AddRange(times.Select(t => new KeyValuePair<string, string>("preferredTimes", t)));
        await AssertFormRefusedAsync(name, fields, "preferredTimes");

        await AssertApiRefusedAsync(name, Send.ValidJson() is var body && (body["preferredTimes"] = times) is not null ? body : body, "preferredTimes");
    }

    public static TheoryData<string, string> AddressMessages => new()
    {
        { "ada@[127.0.0.1]", "ends in a domain name" },
        { "ada@127.0.0.1", "ends in a domain name" },
        { new string('a', 65) + "@example.com", "before the @ must be 64 characters or fewer" },
    };

    [Theory]
    [MemberData(nameof(AddressMessages))]
    public async Task Ip_literal_and_long_local_part_addresses_get_a_message_that_says_what_to_change(string email, string says)
    {
        var form = await Send.FormAsync(fixture.Site.Client(), f => f["email"] = email);
        var page = await Send.ParseAsync(form);
        Assert.Contains(says, page.GetElementById("email-error")!.TextContent, StringComparison.Ordinal);

        var api = await Send.JsonAsync(fixture.Site.Client(), b => b["email"] = email);
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(says, problem.GetProperty("errors").GetProperty("email")[0].GetString(), StringComparison.Ordinal);
        AssertNothingStoredOrSent();
    }

    [Fact]
    public async Task Phone_is_required_when_phone_is_the_preferred_contact()
    {
        await AssertApiRefusedAsync("phone missing", Send.ValidJson() is var body && body.Remove("phone") ? body : body, "phone");
    }

    [Fact]
    public async Task Booking_needs_a_session_type()
    {
        await AssertApiRefusedAsync("no session type", Send.ValidJson() is var body && body.Remove("sessionType") ? body : body, "sessionType");
    }

    [Fact]
    public async Task Several_bad_fields_are_all_named_and_the_summary_links_to_each()
    {
        var response = await Send.FormAsync(fixture.Site.Client(), [new("name", ""), new("email", "x")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Send.ParseAsync(response);
        var links = page.QuerySelectorAll(".error-summary a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["#name", "#email", "#preferredContact", "#enquiryType", "#message", "#consent"], links);
        Assert.StartsWith("Error: ", page.Title, StringComparison.Ordinal);
        AssertNothingStoredOrSent();
    }

    [Fact]
    public async Task A_body_over_64_KB_is_413_for_the_api_and_the_form_given_back_for_the_form()
    {
        var client = fixture.Site.Client();
        var api = await Send.JsonAsync(client, b => b["message"] = new string('a', 70 * 1024));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);

        // Chunked, so the size is only known by reading it.
        var chunked = new StringContent(JsonSerializer.Serialize(Send.ValidJson() is var b && (b["message"] = new string('a', 70 * 1024)) is not null ? b : b), Encoding.UTF8, "application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.SendAsync(request)).StatusCode);

        var form = await Send.FormAsync(client, [.. Send.ValidForm().Where(f => f.Key != "message"), new("message", new string('a', 70 * 1024))]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, form.StatusCode);
        var page = await Send.ParseAsync(form);
        Assert.Contains("shorten your message", page.QuerySelector(".form-notice")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Ada Lovelace", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#name")!).Value);
        AssertNothingStoredOrSent();
    }

    [Fact]
    public async Task Wrong_content_type_is_415_and_broken_json_is_400()
    {
        var client = fixture.Site.Client();
        var text = await client.PostAsync("/api/enquiries", new StringContent("name=Ada", Encoding.UTF8, "text/plain"));
        Assert.True(text.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{text.StatusCode}: {await text.Content.ReadAsStringAsync()}");
        var form = await client.PostAsync("/api/enquiries", new FormUrlEncodedContent(Send.ValidForm()));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);

        var broken = await client.PostAsync("/api/enquiries", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var wrongType = await client.PostAsync("/api/enquiries", new StringContent("{\"consent\": \"yes please\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        AssertNothingStoredOrSent();
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_is_redisplayed_and_not_sent()
    {
        var response = await Send.FormAsync(fixture.Site.Client(), Send.ValidForm(), withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Send.ParseAsync(response);
        Assert.Contains("has not been sent yet", page.QuerySelector(".form-notice")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Ada Lovelace", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#name")!).Value);
        AssertNothingStoredOrSent();
    }

    private async Task AssertFormRefusedAsync(string name, List<KeyValuePair<string, string>> fields, string field)
    {
        var response = await Send.FormAsync(fixture.Site.Client(), fields);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: expected 400, got {(int)response.StatusCode}");
        var page = await Send.ParseAsync(response);
        var summary = page.QuerySelector(".error-summary");
        Assert.NotNull(summary);
        Assert.Contains(summary.QuerySelectorAll("a"), a => a.GetAttribute("href") == "#" + field);
        var error = page.GetElementById(field + "-error");
        Assert.True(error is not null, $"{name}: no error shown beside {field}");
        Assert.False(string.IsNullOrWhiteSpace(error.TextContent));
        var target = page.GetElementById(field)!;
        var described = target.GetAttribute("type") is "radio" or "checkbox" ? target.Closest(".field")!.QuerySelector("fieldset")! : target;
        Assert.Contains(field + "-error", described.GetAttribute("aria-describedby")!.Split(' '));
        AssertNothingStoredOrSent();
    }

    private async Task AssertApiRefusedAsync(string name, Dictionary<string, object?> body, string field)
    {
        var response = await fixture.Site.Client().PostAsJsonAsync("/api/enquiries", body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: expected 400, got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"{name}: errors do not name {field}: {errors}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        AssertNothingStoredOrSent();
    }

    private void AssertNothingStoredOrSent()
    {
        Assert.Equal(0, fixture.Site.StoredEnquiries());
        Assert.Equal(0, fixture.Sink.Attempts);
    }
}
