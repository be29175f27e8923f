using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FacetEducation.Tests.Enquiries;

/// <summary>Start-up checks, logs and retention.</summary>
public sealed class EnquiryHostTests
{
    [Theory]
    [InlineData("Smtp:Port", "70000", "Smtp:Port")]
    [InlineData("Smtp:Security", "7", "Smtp:Security")]
    [InlineData("Smtp:Security", "Sometimes", "Smtp:Security")]
    [InlineData("Smtp:Host", "smtp://mail.example.org", "Smtp:Host")]
    [InlineData("Smtp:Username", "clinic", "Smtp:Password")]
    [InlineData("Smtp:Password", "secret-value", "Smtp:Username")]
    [InlineData("Mail:From", "not an address", "Mail:From")]
    [InlineData("Mail:ClinicInbox", "", "Mail:ClinicInbox")]
    [InlineData("Enquiries:RetentionDays", "0", "Enquiries:RetentionDays")]
    [InlineData("Enquiries:ClaimLease", "00:00:00", "Enquiries:ClaimLease")]
    [InlineData("Content:PollInterval", "00:00:00.010", "Content:PollInterval")]
    // An unwritable Enquiries:DataPath does not stop the site: enquiries are paused instead (Faults/DataFolderFaultTests).
    public async Task A_bad_setting_stops_start_up_with_a_message_naming_the_key(string key, string value, string named)
    {
        await using var sink = new SmtpSink();
        await using var site = new EnquiryFactory(sink);
        site.With(key, value);

        var error = Record.Exception(() => site.CreateClient());

        Assert.NotNull(error);
        var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
        Assert.Contains(named, messages, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_carry_the_enquiry_id_and_outcome_but_no_personal_data()
    {
        await using var sink = new SmtpSink().Start();
        await using var site = new EnquiryFactory(sink);
        site.With("Smtp:Username", "clinic-user").With("Smtp:Password", "hunter2-secret");
        // The sink does not offer AUTH, so the login fails; the password must not appear anywhere.
        var response = await Send.JsonAsync(site.Client(), b => b["message"] = "My private knee story");
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Send.JsonAsync(site.Client(), b => b["email"] = "broken");
        await Eventually.TrueAsync(() => site.Logs.Events.Any(e => e.RenderMessage(CultureInfo.InvariantCulture).Contains("will be retried", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));

        var logs = site.Logs.AllText;
        Assert.True(logs.Contains(id, StringComparison.Ordinal), $"enquiry {id} not in the logs:\n{logs}");
        foreach (var secret in new[] { "Grace", "Hopper", "grace@example.com", "1632 960789", "private knee", "hunter2-secret", "broken" })
        {
            Assert.False(logs.Contains(secret, StringComparison.Ordinal), $"'{secret}' is in the logs:\n{logs}");
        }
    }

    [Fact]
    public async Task Enquiries_older_than_the_retention_period_are_deleted_with_their_pickup_files()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var site = new EnquiryFactory(time: time);
        site.With("Enquiries:RetentionDays", "30");
        var client = site.Client();
        var old = await Send.JsonAsync(client);
        Assert.Equal(HttpStatusCode.Accepted, old.StatusCode);
        var oldId = (await old.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var pickup = Path.Combine(site.DataPath, "pickup");
        await Eventually.TrueAsync(() => Directory.GetFiles(pickup, "*.eml").Length == 2, TimeSpan.FromSeconds(5),
            () => string.Join("\n", site.Logs.Events.Select(e => e.RenderMessage(CultureInfo.InvariantCulture))));
        foreach (var file in Directory.GetFiles(pickup))
        {
            File.SetLastWriteTimeUtc(file, time.GetUtcNow().UtcDateTime);
        }

        time.Advance(TimeSpan.FromDays(31));
        var recent = await Send.JsonAsync(client);
        var recentId = (await recent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Eventually.TrueAsync(() => Directory.GetFiles(pickup, "*.eml").Count(f => f.Contains(recentId, StringComparison.Ordinal)) == 2, TimeSpan.FromSeconds(5));
        foreach (var file in Directory.GetFiles(pickup).Where(f => f.Contains(recentId, StringComparison.Ordinal)))
        {
            File.SetLastWriteTimeUtc(file, time.GetUtcNow().UtcDateTime);
        }

        // The hourly job may already have run when the clock moved on; running it again is harmless.
        await site.Services.GetRequiredService<FacetEducation.Web.Enquiries.EnquiryRetention>().RunOnceAsync(default);

        Assert.Null(site.Enquiries.GetStatus(oldId));
        Assert.NotNull(site.Enquiries.GetStatus(recentId));
        Assert.Equal(2, site.Store.CountByStatus().Values.Sum());
        Assert.All(Directory.GetFiles(pickup), f => Assert.Contains(recentId, f, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/enquiries/{oldId}")).StatusCode);
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
