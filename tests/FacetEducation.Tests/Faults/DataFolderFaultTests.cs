using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using FacetEducation.Tests.Enquiries;
using FacetEducation.Tests.Search;
using Microsoft.AspNetCore.Mvc;
using Serilog.Events;

namespace FacetEducation.Tests.Faults;

/// <summary>
/// A data folder that is damaged or cannot be written when the site starts: the public pages go
/// on, the feature whose store cannot be opened is paused with a clear page, the log names the file
/// and what to do, and <c>/healthz</c> says Unhealthy.
/// </summary>
public sealed class DataFolderFaultTests
{
    [Fact]
    public async Task Unwritable_data_folder_at_start_keeps_the_public_pages_and_pauses_enquiries_and_editing()
    {
        await using var site = new EnquiryFactory();
        // Root ignores file permissions, so a folder below a regular file is the unwritable folder.
        var blocker = Path.Combine(site.Root, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the data folder's parent should be");
        var data = Path.Combine(blocker, "data");
        site.With("Data:Path", data);
        var client = site.Client();

        await Faults.AssertPublicPagesServeAsync(client);
        await Faults.AssertEnquiriesPausedAsync(client);
        await Faults.AssertEditingPausedAsync(client);
        await Faults.AssertUnhealthyAsync(client);
        var critical = site.Logs.Events.Where(e => e.Level == LogEventLevel.Fatal).Select(e => e.RenderMessage(CultureInfo.InvariantCulture)).ToList();
        Assert.Contains(critical, m => m.Contains("enquiries.db", StringComparison.Ordinal) && m.Contains(data, StringComparison.Ordinal) && m.Contains("paused enquiries", StringComparison.Ordinal));
        Assert.Contains(critical, m => m.Contains("editor.db", StringComparison.Ordinal) && m.Contains(data, StringComparison.Ordinal) && m.Contains("paused editing", StringComparison.Ordinal));
        // The form timestamp is signed with data protection, whose key folder is unwritable too.
        Assert.Contains(site.Logs.Events, e => e.Level == LogEventLevel.Warning && e.RenderMessage(CultureInfo.InvariantCulture).Contains("keys are kept in memory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unwritable_enquiries_data_path_pauses_enquiries_and_the_log_names_it()
    {
        await using var site = new EnquiryFactory();
        var blocker = Path.Combine(site.Root, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the enquiry folder's parent should be");
        site.With("Enquiries:DataPath", Path.Combine(blocker, "enquiries"));
        var client = site.Client();

        await Faults.AssertEnquiriesPausedAsync(client);
        await Faults.AssertUnhealthyAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/admin/sign-in", UriKind.Relative))).StatusCode);
        Assert.Contains(site.Logs.Events, e => e.Level == LogEventLevel.Fatal && e.RenderMessage(CultureInfo.InvariantCulture).Contains(
            $"enquiries.db in {Path.Combine(blocker, "enquiries")} cannot be opened for writing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Corrupt_enquiries_db_at_start_pauses_enquiries_only_and_the_log_names_the_file()
    {
        await using var site = new EnquiryFactory();
        await File.WriteAllBytesAsync(Path.Combine(site.DataPath, "enquiries.db"), RandomBytes(8192));
        var client = site.Client();

        await Faults.AssertPublicPagesServeAsync(client);
        await Faults.AssertEnquiriesPausedAsync(client);
        await Faults.AssertUnhealthyAsync(client);
        // Editing has its own file, which is fine: the sign-in page works.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/admin/sign-in", UriKind.Relative))).StatusCode);
        Assert.Contains(site.Logs.Events, e => e.Level == LogEventLevel.Fatal && e.RenderMessage(CultureInfo.InvariantCulture).Contains(
            $"enquiries.db in {site.DataPath} is not a SQLite database (the file is not a database): move it aside and restart; the site has paused enquiries", StringComparison.Ordinal));

        // An API client is told to come back later, not given a 500.
        var api = await Send.JsonAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.NotNull(api.Headers.RetryAfter);
        Assert.Equal("The enquiry could not be stored", (await api.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);
    }

    [Fact]
    public async Task Corrupt_editor_db_at_start_pauses_editing_only_and_enquiries_still_arrive()
    {
        await using var site = new EnquiryFactory();
        await File.WriteAllBytesAsync(Path.Combine(site.DataPath, "editor.db"), RandomBytes(8192));
        var client = site.Client();

        await Faults.AssertPublicPagesServeAsync(client);
        await Faults.AssertEditingPausedAsync(client);
        await Faults.AssertUnhealthyAsync(client);
        var sent = await Send.FormAsync(client);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal(1, site.StoredEnquiries());
        Assert.Contains(site.Logs.Events, e => e.Level == LogEventLevel.Fatal && e.RenderMessage(CultureInfo.InvariantCulture).Contains(
            $"editor.db in {site.DataPath} is not a SQLite database", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unwritable_key_folder_keeps_keys_in_memory_and_forms_still_work()
    {
        await using var site = new EnquiryFactory();
        // The enquiry store is fine; only keys/ is a file, so no key can be written there.
        await File.WriteAllTextAsync(Path.Combine(site.DataPath, "keys"), "not a folder");
        var client = site.Client();

        var sent = await Send.FormAsync(client);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal(1, site.StoredEnquiries());
        Assert.Contains(site.Logs.Events, e => e.Level == LogEventLevel.Warning && e.RenderMessage(CultureInfo.InvariantCulture).Contains(
            $"key folder \"{Path.Combine(site.DataPath, "keys")}\" cannot be written", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Free_space_below_the_floor_reports_degraded()
    {
        await using var site = new EnquiryFactory();
        // Ten terabytes: more than this disk has free.
        site.With("Data:MinimumFreeMegabytes", "10000000");
        var client = site.Client();

        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_negative_free_space_floor_stops_the_site_naming_the_key()
    {
        await using var site = new EnquiryFactory();
        site.With("Data:MinimumFreeMegabytes", "-1");

        var error = Assert.ThrowsAny<Exception>(() => site.Client());

        Assert.Contains("Data:MinimumFreeMegabytes", error.ToString(), StringComparison.Ordinal);
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(42).NextBytes(bytes);
        return bytes;
    }
}

/// <summary>What a visitor and a clinician see while the data folder is at fault.</summary>
internal static class Faults
{
    public static async Task AssertPublicPagesServeAsync(HttpClient client)
    {
        foreach (var page in new[] { "/", "/conditions/facet-joint-pain", "/blog", "/about" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(page, UriKind.Relative))).StatusCode);
        }

        var (status, results) = await client.SearchAsync("facet joint");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("/conditions/facet-joint-pain", SearchPage.Urls(results));
    }

    /// <summary>The contact page keeps its details and says enquiries are paused, with the phone number and no form.</summary>
    public static async Task AssertEnquiriesPausedAsync(HttpClient client)
    {
        var page = await Send.GetPageAsync(client);
        Assert.Null(page.QuerySelector("form.enquiry-form"));
        var paused = page.QuerySelector("#enquiries-paused")!;
        Assert.Contains("paused", paused.TextContent, StringComparison.Ordinal);
        Assert.Equal("tel:01632960123", paused.QuerySelector("a[href^='tel:']")!.GetAttribute("href"));
        Assert.Contains("999", paused.TextContent, StringComparison.Ordinal);
        Assert.Contains("NHS 111", paused.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector(".contact-details a[href^='tel:']"));
    }

    /// <summary>Every /admin address answers the "editing is paused" page: a 503, never a 500.</summary>
    public static async Task AssertEditingPausedAsync(HttpClient client)
    {
        foreach (var path in new[] { "/admin", "/admin/sign-in" })
        {
            var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var page = await Send.ParseAsync(response);
            Assert.Equal("Editing is paused", page.QuerySelector("#editing-paused")?.TextContent);
        }

        using var signIn = new FormUrlEncodedContent([new("userName", "clinician"), new("password", "anything")]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.PostAsync(new Uri("/admin/sign-in", UriKind.Relative), signIn)).StatusCode);
    }

    public static async Task AssertUnhealthyAsync(HttpClient client)
    {
        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
    }
}
