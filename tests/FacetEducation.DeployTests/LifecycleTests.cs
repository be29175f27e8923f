using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using FacetEducation.DeployTests.Infrastructure;
using Xunit.Abstractions;

namespace FacetEducation.DeployTests;

/// <summary>
/// Stopping, backing up and restoring the deployed site the way systemd and the README do it.
/// Each test leaves the site running again for the others.
/// </summary>
[Collection(DeployedSiteCollection.Name)]
public sealed class LifecycleTests(DeployedSite deployed, ITestOutputHelper output)
{
    [Fact]
    public async Task Sigterm_stops_the_site_cleanly_while_nginx_serves_the_pages_it_has()
    {
        var visitor = deployed.Visitors.From("127.0.0.6");
        (await visitor.GetAsync(new Uri("/about", UriKind.Relative))).Dispose();
        (await visitor.GetAsync(new Uri("/feed.xml", UriKind.Relative))).Dispose();
        var copied = Stopwatch.StartNew();

        var stopped = await deployed.StopSiteAsync();
        var log = deployed.Site.Output;
        var exitCode = deployed.Site.ExitCode;
        // Past the copy's one second (1 to 2 s, as nginx counts), so it is served because the site is down.
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, 2100 - copied.ElapsedMilliseconds)));
        using var page = await visitor.GetAsync(new Uri("/about", UriKind.Relative));
        using var feed = await visitor.GetAsync(new Uri("/feed.xml", UriKind.Relative));
        using var form = await visitor.GetAsync(new Uri("/contact", UriKind.Relative));
        await deployed.StartSiteAsync();

        Assert.True(stopped, "the site was still running TimeoutStopSec after SIGTERM:\n" + log);
        Assert.True(exitCode == 0, $"exit code {exitCode} after SIGTERM (Restart=on-failure would restart it):\n{log}");
        Assert.Contains("Application is shutting down...", log, StringComparison.Ordinal);
        // An upgrade's few seconds: the pages the site wrote as files, the micro-cache's last copy
        // of anything else, never a form.
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("FILE", string.Join(",", page.Headers.GetValues("X-Cache-Status")));
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("STALE", string.Join(",", feed.Headers.GetValues("X-Cache-Status")));
        Assert.Equal(HttpStatusCode.BadGateway, form.StatusCode);
    }

    [Fact]
    public async Task Backup_then_restore_into_fresh_folders_delivers_a_pending_enquiry_once()
    {
        // The mail server is down while a visitor sends an enquiry: it waits in the outbox.
        await deployed.Smtp.StopAsync();
        var visitor = deployed.Visitors.From("127.0.0.4");
        using var sent = await Enquiry.SendAsync(visitor, "restored@example.com");
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var id = (await sent.Content.ReadFromJsonAsync<Accepted>())!.Id;

        // The daily timer's service, run while the site runs.
        var backup = await ServiceCommand.FromUnit(deployed.BackupUnit).RunAsync(TimeSpan.FromMinutes(2));
        Assert.True(backup.ExitCode == 0, backup.ToString());
        var folder = backup.Stdout.Trim().Split('\n')[^1].Trim();
        output.WriteLine("backup: " + folder);
        Assert.StartsWith(deployed.Local(DeployedSite.BackupFolder) + "/facet-backup-", folder, StringComparison.Ordinal);
        Assert.True(Directory.Exists(folder), backup.ToString());

        // Restore needs the site stopped and empty folders: a new server, or the old one's moved aside.
        Assert.True(await deployed.StopSiteAsync(), deployed.Site.Output);
        var aside = "-before-restore-" + DateTime.UtcNow.ToString("HHmmssfff", CultureInfo.InvariantCulture);
        foreach (var path in new[] { DeployedSite.DataFolder, DeployedSite.ContentFolder })
        {
            Directory.Move(deployed.Local(path), deployed.Local(path) + aside);
            Directory.CreateDirectory(deployed.Local(path));
            await Command.RunCheckedAsync("/bin/chown", DeployedSite.UserName + ":" + DeployedSite.UserName, deployed.Local(path));
        }

        var restore = await ServiceCommand.FromUnit(deployed.SiteUnit, ["restore", folder])
            .RunAsync(TimeSpan.FromMinutes(2));
        Assert.True(restore.ExitCode == 0, restore.ToString());

        deployed.Smtp.Start();
        await deployed.StartSiteAsync();
        await deployed.Smtp.WaitForAsync(2, TimeSpan.FromSeconds(60));
        // Time for a second delivery, if one were going to happen.
        await Task.Delay(TimeSpan.FromSeconds(3));

        var ours = deployed.Smtp.Received.Where(m => m.Message.Headers["X-Enquiry-Id"] == id.ToString()).ToList();
        Assert.Equal(2, ours.Count);
        Assert.Equal(["inbox@clinic.test", "restored@example.com"], ours.SelectMany(m => m.EnvelopeTo).Order());
        Assert.Equal(deployed.Smtp.Received.Count, deployed.Smtp.Received.Select(m => m.Message.MessageId).Distinct().Count());
        using var page = await visitor.GetAsync(new Uri("/privacy", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private sealed record Accepted(Guid Id);
}
