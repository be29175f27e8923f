using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using FacetEducation.Tests.Enquiries;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Enquiries;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Serilog.Events;

namespace FacetEducation.Tests.Data;

/// <summary>
/// Two instances of the site on one PostgreSQL database (<c>Data:Provider=Postgres</c>, a real
/// server): the key ring they share, and what <c>/healthz</c> says of the database.
/// </summary>
public sealed class SharedDatabaseTests(TestPostgres postgres) : IClassFixture<TestPostgres>
{
    [SkippableFact]
    public async Task A_contact_form_rendered_by_one_instance_is_accepted_by_another_on_the_same_database()
    {
        await using var a = PostgresMigrationTests.OnPostgres(new EnquiryFactory(), postgres.ConnectionString);
        await using var b = PostgresMigrationTests.OnPostgres(new EnquiryFactory(), postgres.ConnectionString);
        // Both running before the form is rendered, as behind a proxy.
        Assert.Equal(HttpStatusCode.OK, (await b.Client().GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);

        var sent = await PostAcrossAsync(a, b);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("/contact/thank-you", sent.Headers.Location?.OriginalString);
        // Stored once, in the outbox both instances share.
        Assert.Equal(1, b.StoredEnquiries());
        Assert.Equal(1, a.StoredEnquiries());
        // One key, made by the first instance and read by the second from the database.
        var key = Assert.Single(TestPostgres.Query(postgres.ConnectionString, "SELECT friendly_name, xml FROM data_protection_keys"));
        Assert.StartsWith("key-", (string)key[0]!, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(a.DataPath, "*.xml", SearchOption.AllDirectories));
    }

    [SkippableFact]
    public async Task Enquiries_sent_to_two_instances_during_a_mail_outage_are_each_delivered_once_when_it_ends()
    {
        var database = postgres.CreateDatabase();
        await using var sink = new SmtpSink();
        await using var a = PostgresMigrationTests.OnPostgres(new EnquiryFactory(sink), database);
        await using var b = PostgresMigrationTests.OnPostgres(new EnquiryFactory(sink), database);
        HttpClient[] clients = [a.Client(), b.Client()];

        var posts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Send.JsonAsync(clients[i % 2], e => e["email"] = $"visitor{i}@example.com")));
        Assert.All(posts, p => Assert.Equal(HttpStatusCode.Accepted, p.StatusCode));
        // Both senders find the server down and retry the same rows until it answers.
        await Task.Delay(TimeSpan.FromSeconds(1));
        sink.Start();

        var received = await sink.WaitForAsync(40);
        await Eventually.TrueAsync(() => a.Store.CountByStatus()[OutboxStatus.Sent] == 40, TimeSpan.FromSeconds(10));
        await a.SenderIdleAsync();
        await b.SenderIdleAsync();
        Assert.Equal(40, sink.Received.Count);
        Assert.Equal(40, sink.Received.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Equal(20, received.Count(m => m.EnvelopeTo.Contains("inbox@clinic.test")));
        Assert.Empty(TestPostgres.Query(database, "SELECT id FROM outbox WHERE claimed_by IS NOT NULL"));
    }

    [Fact]
    public async Task Without_a_shared_key_ring_the_other_instance_refuses_the_form()
    {
        // The default (Sqlite): each instance has its own keys in its own data folder.
        await using var a = new EnquiryFactory();
        await using var b = new EnquiryFactory();

        var sent = await PostAcrossAsync(a, b);

        Assert.Equal(HttpStatusCode.BadRequest, sent.StatusCode);
        Assert.Equal(0, b.StoredEnquiries());
    }

    [SkippableFact]
    public async Task Healthz_reports_the_shared_database_healthy_when_it_answers()
    {
        await using var site = PostgresMigrationTests.OnPostgres(new EnquiryFactory(), postgres.ConnectionString);

        Assert.Equal(HttpStatusCode.OK, (await site.Client().GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        var database = (await site.HealthAsync()).Entries["database"];
        Assert.Equal(HealthStatus.Healthy, database.Status);
        Assert.Contains("answers", database.Description, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Healthz_gives_the_outbox_backlog_as_data_to_the_server_itself_and_only_the_status_to_anyone_else()
    {
        var database = postgres.CreateDatabase();
        // No mail server: every email waits in the outbox.
        await using var sink = new SmtpSink();
        await using var site = PostgresMigrationTests.OnPostgres(new EnquiryFactory(sink), database);
        var client = site.Client();
        foreach (var i in Enumerable.Range(0, 3))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await Send.JsonAsync(client, e => e["email"] = $"waiting{i}@example.com")).StatusCode);
        }

        var data = (await site.HealthAsync()).Entries["database"].Data;
        Assert.Equal(6, data["outboxPending"]);
        Assert.Equal(0, data["outboxFailed"]);

        // Asked from the server itself for JSON: every check, with the backlog.
        var local = await site.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/healthz";
            c.Request.Headers.Accept = "application/json";
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
        });
        using var report = await System.Text.Json.JsonDocument.ParseAsync(local.Response.Body);
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        Assert.Equal(6, report.RootElement.GetProperty("checks").GetProperty("database").GetProperty("data").GetProperty("outboxPending").GetInt32());

        // From anywhere else, only the status word, whatever it asks for.
        var remote = await site.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/healthz";
            c.Request.Headers.Accept = "application/json";
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.9");
        });
        Assert.Equal("Healthy", await new StreamReader(remote.Response.Body).ReadToEndAsync());
    }

    [SkippableFact]
    public async Task Healthz_is_unhealthy_when_the_shared_database_cannot_be_reached_the_pages_still_work_and_an_enquiry_gets_a_503()
    {
        // The test server's user and password, on a port where nothing listens.
        var unreachable = new Npgsql.NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Port = TestPostgres.UnusedPort() }.ConnectionString;
        await using var site = PostgresMigrationTests.OnPostgres(new EnquiryFactory(), unreachable);
        var client = site.Client();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/conditions/facet-joint-pain", UriKind.Relative))).StatusCode);
        // An enquiry cannot be stored: the visitor is told to try again, not shown an error page.
        var api = await Send.JsonAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.NotNull(api.Headers.RetryAfter);
        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
        var database = (await site.HealthAsync()).Entries["database"];
        Assert.Equal(HealthStatus.Unhealthy, database.Status);
        var port = new Npgsql.NpgsqlConnectionStringBuilder(unreachable).Port;
        Assert.StartsWith($"The shared database 127.0.0.1:{port}/", database.Description, StringComparison.Ordinal);
        Assert.Contains("(ConnectionStrings:Clinic) cannot be used: ", database.Description, StringComparison.Ordinal);
        Assert.Contains(site.Logs.Events, e => e.Level == LogEventLevel.Fatal && e.RenderMessage(CultureInfo.InvariantCulture).Contains("cannot be used", StringComparison.Ordinal));
        Assert.DoesNotContain(new Npgsql.NpgsqlConnectionStringBuilder(unreachable).Password!, site.Logs.AllText, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_editor_answers_503_naming_the_shared_database_when_it_cannot_be_reached_and_keeps_no_editor_db()
    {
        var unreachable = new Npgsql.NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Port = TestPostgres.UnusedPort() }.ConnectionString;
        await using var site = PostgresMigrationTests.OnPostgres(new Admin.EditorSite(), unreachable);

        var response = await site.Client().GetAsync(new Uri("/admin/sign-in", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Editing is paused for a moment: the shared database cannot be reached", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(site.DataPath, "editor.db")));
    }

    /// <summary>GETs /contact from <paramref name="from"/> and POSTs the form, with the token and cookie it was given, to <paramref name="to"/>.</summary>
    private static async Task<HttpResponseMessage> PostAcrossAsync(EnquiryFactory from, EnquiryFactory to)
    {
        var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false };
        var page = await from.CreateClient(options).GetAsync(new Uri("/contact", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var cookies = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]);
        var form = (await Send.ParseAsync(page)).QuerySelector("form.enquiry-form")!;
        List<KeyValuePair<string, string>> fields =
            [.. form.QuerySelectorAll("input[type=hidden]").Cast<IHtmlInputElement>().Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)), .. Send.ValidForm()];
        using var post = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("action")) { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", string.Join("; ", cookies));
        return await to.CreateClient(options).SendAsync(post);
    }
}
