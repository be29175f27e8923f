using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FacetEducation.Tests.Enquiries;

/// <summary>
/// Bodies over 64 KB on the real server (Kestrel, whose own body limit is what throws): chunked or
/// with a length, the API answers 413 ProblemDetails and the form a 413 page with the visitor's
/// words back in its fields. Nothing is stored, and no 500.
/// </summary>
public sealed class OversizedBodyTests : IAsyncLifetime
{
    private const int Size = 70 * 1024;
    private EnquiryFactory _site = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _site = new EnquiryFactory();
        _site.UseKestrel(0);
        _site.StartServer();
        var address = _site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = _site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(address) });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _site.DisposeAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_70_KB_body_to_the_api_is_a_413_problem(bool chunked)
    {
        var body = Send.ValidJson();
        body["message"] = new string('a', Size);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.TransferEncodingChunked = chunked;

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Contains("shorten", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _site.StoredEnquiries());
    }

    public static TheoryData<string, bool, string> FormCases => new()
    {
        { "chunked", true, new string('b', Size) },
        { "with a length", false, new string('b', Size) },
        // Cut mid-character: what is given back ends on a whole character.
        { "chunked, accented", true, string.Concat(Enumerable.Repeat("é€😀", Size / 4)) },
    };

    [Theory]
    [MemberData(nameof(FormCases))]
    public async Task A_70_KB_form_is_a_413_page_that_gives_the_visitor_their_words_back(string name, bool chunked, string message)
    {
        var page = await Send.GetPageAsync(_client);
        var fields = page.QuerySelectorAll("form.enquiry-form input[type=hidden]").Cast<IHtmlInputElement>()
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        fields.AddRange(Send.ValidForm().Where(f => f.Key != "message"));
        fields.Add(new("message", message));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/contact") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.TransferEncodingChunked = chunked;

        var response = await _client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{name}: {(int)response.StatusCode}");
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var answer = await Send.ParseAsync(response);
        var notice = answer.QuerySelector(".form-notice")!.TextContent;
        Assert.Contains("shorten your message", notice, StringComparison.Ordinal);
        Assert.Contains("01632 960123", notice, StringComparison.Ordinal);
        Assert.Equal("Ada Lovelace", ((IHtmlInputElement)answer.QuerySelector("#name")!).Value);
        Assert.Equal("ada@example.com", ((IHtmlInputElement)answer.QuerySelector("#email")!).Value);
        var given = ((IHtmlTextAreaElement)answer.QuerySelector("#message")!).Value;
        Assert.True(given.Length > 1000, $"{name}: only {given.Length} characters given back");
        Assert.StartsWith(given, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', given);
        Assert.Equal(0, _site.StoredEnquiries());

        // The visitor shortens the message on that page and sends it: it goes.
        var again = answer.QuerySelectorAll("form.enquiry-form input[type=hidden]").Cast<IHtmlInputElement>()
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).Concat(Send.ValidForm()).ToList();
        // (The Kestrel client of the factory follows the redirect to the thank-you page.)
        var sent = await _client.PostAsync("/contact", new FormUrlEncodedContent(again));
        Assert.Equal("/contact/thank-you", sent.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(1, _site.StoredEnquiries());
    }

    public static TheoryData<string, string> UnreadableForms => new()
    {
        { "1,100 fields", string.Join('&', Enumerable.Range(0, 1100).Select(i => $"a{i}=1")) },
        { "a 3,000-character field name", new string('k', 3000) + "=v" },
    };

    [Theory]
    [MemberData(nameof(UnreadableForms))]
    public async Task A_form_the_form_reader_refuses_is_a_400_page_not_a_500(string name, string body)
    {
        var response = await _client.PostAsync("/contact", new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
        var page = await Send.ParseAsync(response);
        Assert.Contains("could not be read", page.QuerySelector(".form-notice")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("form.enquiry-form"));
        Assert.Equal(0, _site.StoredEnquiries());
    }
}
