using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FacetEducation.Tests.Enquiries;

/// <summary>Internationalised domains are real addresses: accepted, and mailed in punycode.</summary>
public sealed class AddressTests
{
    public static TheoryData<string, string> Addresses => new()
    {
        { "user@bücher.example", "user@xn--bcher-kva.example" },
        { "user@xn--bcher-kva.example", "user@xn--bcher-kva.example" },
        { "user@BÜCHER.example", "user@xn--bcher-kva.example" },
        { "info@пример.рф", "info@xn--e1afmkfd.xn--p1ai" },
        { new string('a', 64) + "@example.com", new string('a', 64) + "@example.com" },
    };

    [Theory]
    [MemberData(nameof(Addresses))]
    public async Task An_internationalised_address_is_accepted_and_mailed_in_punycode(string email, string onTheWire)
    {
        await using var sink = new SmtpSink().Start();
        await using var site = new EnquiryFactory(sink);

        var api = await Send.JsonAsync(site.Client(), b => b["email"] = email);
        var form = await Send.FormAsync(site.Client(), f => f["email"] = email);

        Assert.True(api.StatusCode == HttpStatusCode.Accepted, $"{email}: {(int)api.StatusCode} {await api.Content.ReadAsStringAsync()}");
        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
        var mails = await sink.WaitForAsync(4);
        Assert.True(2 == mails.Count(m => m.EnvelopeTo.SequenceEqual([onTheWire], StringComparer.OrdinalIgnoreCase)), string.Join(" ", mails.SelectMany(m => m.EnvelopeTo)));
        var notification = mails.First(m => m.EnvelopeTo.Contains("inbox@clinic.test")).Message;
        Assert.Contains($"Email: {email}", notification.TextBody, StringComparison.Ordinal); // the clinic reads it as typed
        var id = (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Eventually.TrueAsync(() => site.Enquiries.GetStatus(id) is { Acknowledgement: "sent" }, TimeSpan.FromSeconds(5));
    }
}
