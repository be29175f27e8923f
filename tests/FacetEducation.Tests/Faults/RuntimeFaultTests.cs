using System.Net;
using System.Net.Http.Json;
using System.Text;
using FacetEducation.Tests.Enquiries;
using Microsoft.AspNetCore.Mvc;

namespace FacetEducation.Tests.Faults;

/// <summary>
/// The data folder goes bad while the site runs: deleted under it (a <c>git clean</c>, an
/// operator's rm) or damaged. No enquiry is acknowledged into a file that is gone, the visitor gets
/// their words back, the status address never answers 500, and <c>/healthz</c> says Unhealthy.
/// </summary>
public sealed class RuntimeFaultTests
{
    [Fact]
    public async Task A_data_folder_deleted_while_the_site_runs_refuses_enquiries_with_503_and_the_visitors_words()
    {
        await using var site = new EnquiryFactory();
        var client = site.Client();
        Assert.Equal(HttpStatusCode.Accepted, (await Send.JsonAsync(client)).StatusCode);

        // The sender may be writing the enquiry's emails into pickup/ at this moment, which makes a
        // recursive delete meet a folder that is not empty yet; like an operator's rm, try again.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Directory.Delete(site.DataPath, recursive: true);
                break;
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(50);
            }
        }

        var api = await Send.JsonAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.NotNull(api.Headers.RetryAfter);
        var form = await Send.FormAsync(client, f => f["message"] = "Sharp pain in my neck since Monday.");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, form.StatusCode);
        var shown = await Send.ParseAsync(form);
        Assert.Equal("Sharp pain in my neck since Monday.", shown.QuerySelector("textarea[name=message]")?.TextContent.Trim());
        Assert.Contains("999", shown.Body!.TextContent, StringComparison.Ordinal);

        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.False(File.Exists(Path.Combine(site.DataPath, "enquiries.db")), "no new, empty outbox is made in its place");
    }

    [Fact]
    public async Task A_database_damaged_while_the_site_runs_gives_503s_and_an_unhealthy_health_check_never_a_500()
    {
        await using var site = new EnquiryFactory();
        var client = site.Client();
        var first = await Send.JsonAsync(client);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var location = first.Headers.Location!;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // Overwrite every page, header included, as a failing disk would, and drop the log.
        var database = Path.Combine(site.DataPath, "enquiries.db");
        var junk = Encoding.ASCII.GetBytes(new string('x', Math.Max(8192, (int)new FileInfo(database).Length)));
        await File.WriteAllBytesAsync(database, junk);
        File.Delete(database + "-wal");
        File.Delete(database + "-shm");

        var status = await client.GetAsync(location);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status.StatusCode);
        Assert.Contains("not available", (await status.Content.ReadFromJsonAsync<ProblemDetails>())!.Title, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Send.JsonAsync(client)).StatusCode);
        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
    }

    [Fact]
    public async Task A_write_ahead_log_deleted_under_the_site_gives_503s_not_500s()
    {
        await using var site = new EnquiryFactory();
        var client = site.Client();
        var first = await Send.JsonAsync(client);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var database = Path.Combine(site.DataPath, "enquiries.db");
        File.Delete(database + "-wal");
        File.Delete(database + "-shm");

        Assert.True((int)(await client.GetAsync(first.Headers.Location!)).StatusCode is 200 or 503);
        var form = await Send.FormAsync(client, f => f["message"] = "Pins and needles in both feet.");
        Assert.True((int)form.StatusCode is 303 or 302 or 503, $"the form answered {(int)form.StatusCode}");
        if (form.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Assert.Equal("Pins and needles in both feet.", (await Send.ParseAsync(form)).QuerySelector("textarea[name=message]")?.TextContent.Trim());
        }
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("TRACE")]
    [InlineData("FOO")]
    public async Task Methods_a_page_has_no_handler_for_are_405_not_500(string method)
    {
        await using var site = new EnquiryFactory();
        var client = site.Client();
        foreach (var path in new[] { "/contact", "/admin/sign-in", "/conditions/facet-joint-pain" })
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16le")]
    [InlineData("unicode")]
    public async Task Json_in_a_charset_other_than_utf8_is_415_even_with_an_odd_length(string charset)
    {
        await using var site = new EnquiryFactory();
        var client = site.Client();
        using var body = new ByteArrayContent(Encoding.ASCII.GetBytes("{\"a\":1}"));
        body.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");

        var response = await client.PostAsync(new Uri("/api/enquiries", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, site.StoredEnquiries());
    }
}
