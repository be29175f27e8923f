using System.Text.RegularExpressions;
using FacetEducation.DeployTests.Infrastructure;
using Xunit.Abstractions;

namespace FacetEducation.DeployTests;

/// <summary>
/// The files in deploy/ as systemd and nginx read them, and as the README has a clinic fill them
/// in: checks of what cannot be run here (systemd is not the first process on a test machine, so
/// no unit can be started) and of the places where two files must agree.
/// </summary>
[Collection(DeployedSiteCollection.Name)]
public sealed partial class DeployFilesTests(DeployedSite deployed, ITestOutputHelper output)
{
    [Fact]
    public async Task Units_and_timer_pass_systemd_analyze_verify_without_a_warning()
    {
        output.WriteLine(deployed.SetupLog);
        var units = new[] { "facet-education.service", "facet-education-backup.service", "facet-education-backup.timer" }
            .Select(u => deployed.Local("/units/" + u)).ToArray();
        var result = await Command.RunAsync("/usr/bin/systemd-analyze", ["verify", "--man=no", .. units], TimeSpan.FromSeconds(60));

        // verify exits 0 even for an unknown key or a value it cannot parse ("ignoring"): every
        // line it prints is a mistake in a unit.
        Assert.True(result.ExitCode == 0 && result.Stderr.Trim().Length == 0 && result.Stdout.Trim().Length == 0, result.ToString());
    }

    [Fact]
    public void Site_may_write_only_its_data_content_and_page_folders_and_the_env_file_points_there()
    {
        var site = SystemdUnit.Read(Path.Combine(deployed.Repository, "deploy/facet-education.service"));
        var backup = SystemdUnit.Read(Path.Combine(deployed.Repository, "deploy/facet-education-backup.service"));
        var settings = EnvironmentFile.Parse(deployed.DeployFile("facet-education.env.example"));

        Assert.Equal("strict", site.Service("ProtectSystem"));
        Assert.Equal([settings["Data__Path"], settings["Content__Path"]], site.ReadWritePaths());
        Assert.Equal([DeployedSite.DataFolder, DeployedSite.ContentFolder], site.ReadWritePaths());
        // The page files: in the folder systemd makes for the unit, and where nginx looks for them.
        Assert.Equal(DeployedSite.CacheFolder, "/var/cache/" + site.Service("CacheDirectory"));
        Assert.Equal("0755", site.Service("CacheDirectoryMode"));
        Assert.Equal(DeployedSite.CacheFolder + "/pages", settings["Site__PageFilesPath"]);
        Assert.Contains($"root {settings["Site__PageFilesPath"]}/current;", deployed.DeployFile("nginx/facet-education.conf"), StringComparison.Ordinal);
        // The backup reads the data folder through SQLite (which writes its WAL index) and writes its folder.
        Assert.Equal("strict", backup.Service("ProtectSystem"));
        var backupDir = backup.ExecStart()[2];
        Assert.Equal([DeployedSite.AppFolder + "/FacetEducation.Web", "backup", DeployedSite.BackupFolder, "--keep", "14"], backup.ExecStart());
        Assert.Equal([settings["Data__Path"], backupDir], backup.ReadWritePaths());
        foreach (var unit in new[] { site, backup })
        {
            Assert.Equal(DeployedSite.UserName, unit.Service("User"));
            Assert.Equal(DeployedSite.EnvFile, unit.Service("EnvironmentFile"));
            Assert.Equal(DeployedSite.AppFolder, unit.Service("WorkingDirectory"));
            Assert.Equal("true", unit.Service("PrivateTmp"));
        }

        Assert.Equal("http://127.0.0.1:5000", settings["ASPNETCORE_URLS"]);
    }

    [Fact]
    public void Every_nginx_placeholder_is_listed_in_its_header_and_filled_in()
    {
        var shipped = deployed.DeployFile("nginx/facet-education.conf");
        var used = Placeholder().Matches(shipped).Select(m => m.Groups[1].Value).ToHashSet();
        var header = string.Join('\n', shipped.Split('\n').TakeWhile(l => l.StartsWith('#')));
        var listed = Placeholder().Matches(header).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(listed.Order(), used.Order());
        Assert.Equal(listed.Order(), deployed.Placeholders().Keys.Order());
        Assert.DoesNotMatch(Placeholder(), deployed.NginxSite);
    }

    [Fact]
    public void Filled_in_env_file_starts_the_site_in_production_on_loopback()
    {
        var output = deployed.Site.Output;

        Assert.Contains("Hosting environment: Production", output, StringComparison.Ordinal);
        Assert.Contains($"Now listening on: http://127.0.0.1:{DeployedSite.SitePort}", output, StringComparison.Ordinal);
        // The data-protection certificate of the env file is in use: no warning about unencrypted keys.
        Assert.DoesNotContain("DataProtection:CertificatePath is not set", output, StringComparison.Ordinal);
        Assert.DoesNotContain("No XML encryptor configured", output, StringComparison.Ordinal);
    }

    [GeneratedRegex("@([A-Z_]+)@")]
    private static partial Regex Placeholder();
}
