using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using FacetEducation.Tests.Enquiries;

namespace FacetEducation.DeployTests.Infrastructure;

/// <summary>
/// The site deployed as README "Going live" deploys it, inside one temporary folder that stands in
/// for the server's root (/tmp/deploy-e2e-*/opt/facet-education, .../etc/facet-education, ...):
/// published self-contained; its own system user owning the data and content folders; deploy/'s
/// environment file template filled in (an in-process SMTP sink as the mail server, an editor
/// account hashed by the site's own hash-password); started as deploy/facet-education.service says;
/// and Debian's nginx, with Debian's nginx.conf and deploy/'s site file, in front of it over https
/// with a throwaway certificate for <see cref="ServerName"/>. Everything is ended, and the folder
/// deleted, at the end, whether the tests passed or not.
/// </summary>
public sealed class DeployedSite : IAsyncLifetime
{
    public const string ServerName = "clinic.test";
    public const string UserName = "facet-education";
    public const string EditorPassword = "a long phrase for the deploy tests";

    // Ports of this suite (the site, nginx's http and https).
    public const int SitePort = 5230;
    public const int HttpPort = 8430;
    public const int HttpsPort = 8431;

    // The server's layout (deploy/ and README), each found under Root here.
    public const string AppFolder = "/opt/facet-education";
    public const string ConfigFolder = "/etc/facet-education";
    public const string EnvFile = ConfigFolder + "/facet-education.env";
    public const string StateFolder = "/var/lib/facet-education";
    public const string DataFolder = StateFolder + "/data";
    public const string ContentFolder = StateFolder + "/content";
    public const string BackupFolder = "/var/backups/facet-education";

    /// <summary>The unit's CacheDirectory=, which systemd makes; the site writes its page files there.</summary>
    public const string CacheFolder = "/var/cache/facet-education";

    public static readonly string PublicUrl = string.Create(CultureInfo.InvariantCulture, $"https://{ServerName}:{HttpsPort}");

    private static readonly string[] ServerRoots = [AppFolder, ConfigFolder, StateFolder, BackupFolder, CacheFolder];
    private readonly StringBuilder _log = new();
    private RunningProcess? _site;
    private RunningProcess? _nginx;
    private Visitors? _visitors;
    private bool _disposed;

    public DeployedSite()
    {
        Repository = FindRepository();
        Root = Directory.CreateTempSubdirectory("deploy-e2e-").FullName;
    }

    /// <summary>The checkout: deploy/, content/ and the site's source.</summary>
    public string Repository { get; }

    /// <summary>The temporary folder standing in for the server's /.</summary>
    public string Root { get; }

    /// <summary>The mail server: down until a test starts it.</summary>
    public SmtpSink Smtp { get; } = new();

    /// <summary>The running site, as started from its unit; replaced when a test restarts it.</summary>
    public RunningProcess Site => _site ?? throw new InvalidOperationException("the site has not been started");

    public Visitors Visitors => _visitors!;

    /// <summary>deploy/facet-education.service with the server's paths moved under <see cref="Root"/>.</summary>
    public SystemdUnit SiteUnit => SystemdUnit.Read(Local("/units/facet-education.service"));

    public SystemdUnit BackupUnit => SystemdUnit.Read(Local("/units/facet-education-backup.service"));

    /// <summary>The nginx site file as the test filled it in.</summary>
    public string NginxSite { get; private set; } = "";

    /// <summary>What the set-up did and how long each step took, for the tests' output.</summary>
    public string SetupLog => _log.ToString();

    /// <summary>Where a server path of the deployment is in the test.</summary>
    public string Local(string serverPath) => Root + serverPath;

    /// <summary>Text of a deploy/ file with every server path moved under <see cref="Root"/>.</summary>
    public string Rebase(string text) =>
        ServerRoots.Aggregate(text, (current, root) => current.Replace(root, Local(root), StringComparison.Ordinal));

    public string DeployFile(string relativePath) => File.ReadAllText(Path.Combine(Repository, "deploy", relativePath));

    public async Task InitializeAsync()
    {
        try
        {
            await SetUpAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync()
    {
        Assert.True(Environment.UserName == "root",
            "The deployment tests run as root: they create the facet-education user and start nginx (CI runs as root; run bash .ci/test as root).");
        foreach (var tool in new[] { "/usr/sbin/nginx", "/usr/bin/systemd-analyze", "/usr/bin/openssl", "/usr/bin/setpriv" })
        {
            Assert.True(File.Exists(tool), $"{tool} is missing: bash .ci/test installs nginx; the others come with Debian.");
        }

        File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101);
        await Step("publish (dotnet publish -r linux-x64 --self-contained)", PublishAsync);
        await Step("user, folders, certificates, environment file", LayOutAsync);
        await Step("site start (the unit's ExecStart as its User)", StartSiteAsync);
        await Step("nginx start", StartNginxAsync);
    }

    private async Task Step(string name, Func<Task> step)
    {
        var clock = Stopwatch.StartNew();
        await step();
        _log.AppendLine(CultureInfo.InvariantCulture, $"{name}: {clock.Elapsed.TotalSeconds:F1} s");
    }

    private async Task PublishAsync()
    {
        // Its own artifacts folder, so that the publish for linux-x64 touches nothing the solution's
        // build wrote (obj/ and bin/ stay as dotnet build left them for the other test projects).
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => !k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) && !k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(k => k, k => Environment.GetEnvironmentVariable(k)!);
        var result = await Command.RunAsync("dotnet",
            ["publish", Path.Combine(Repository, "src/FacetEducation.Web"), "-c", "Release", "-r", "linux-x64", "--self-contained",
             "-o", Local(AppFolder), "--artifacts-path", Local("/build"), "-nologo", "-nodeReuse:false", "--disable-build-servers"],
            TimeSpan.FromMinutes(8), environment: environment, clearEnvironment: true);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Local(AppFolder + "/FacetEducation.Web")), "the publish made no FacetEducation.Web executable");
    }

    private async Task LayOutAsync()
    {
        if (!File.ReadLines("/etc/passwd").Any(l => l.StartsWith(UserName + ":", StringComparison.Ordinal)))
        {
            // As README "Going live" step 2 makes it.
            await Command.RunCheckedAsync("/usr/sbin/useradd", "--system", "--user-group", "--no-create-home",
                "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", UserName);
        }

        foreach (var folder in new[] { ConfigFolder, DataFolder, ContentFolder, BackupFolder, CacheFolder, "/units", "/tls", "/nginx" })
        {
            Directory.CreateDirectory(Local(folder));
        }

        CopyDirectory(Path.Combine(Repository, "content"), Local(ContentFolder));
        foreach (var folder in new[] { DataFolder, ContentFolder, BackupFolder, CacheFolder })
        {
            await Command.RunCheckedAsync("/bin/chown", "-R", UserName + ":" + UserName, Local(folder));
        }

        // As systemd makes CacheDirectory= (CacheDirectoryMode=0755): nginx's user enters it.
        File.SetUnixFileMode(Local(CacheFolder), (UnixFileMode)0b111_101_101);

        foreach (var unit in new[] { "facet-education.service", "facet-education-backup.service", "facet-education-backup.timer" })
        {
            await File.WriteAllTextAsync(Local("/units/" + unit), Rebase(DeployFile(unit)));
        }

        await MakeCertificatesAsync();
        var hash = await Command.RunAsync(Local(AppFolder + "/FacetEducation.Web"), ["hash-password"], TimeSpan.FromSeconds(30),
            input: EditorPassword + "\n", workingDirectory: Local(AppFolder));
        Assert.True(hash.ExitCode == 0, hash.ToString());
        var filled = EnvironmentFile.Fill(Rebase(DeployFile("facet-education.env.example")), new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{SitePort}"),
            ["Site__PublicUrl"] = PublicUrl,
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Smtp__Security"] = "None",
            ["Smtp__Username"] = "",
            ["Smtp__Password"] = "",
            ["Mail__From"] = "Clinic website <website@clinic.test>",
            ["Mail__ClinicInbox"] = "inbox@clinic.test",
            ["Editor__Accounts__0__UserName"] = "clinician",
            ["Editor__Accounts__0__DisplayName"] = "Test Clinician",
            ["Editor__Accounts__0__PasswordHash"] = hash.Stdout.Trim().Split('\n')[^1],
            ["DataProtection__CertificatePassword"] = DataProtectionPassword,
        });
        var unfilled = EnvironmentFile.Parse(filled).Where(kv => kv.Value.Contains("FILL-IN", StringComparison.Ordinal)).Select(kv => kv.Key).ToList();
        Assert.True(unfilled.Count == 0, "the template has FILL-IN values the test does not fill: " + string.Join(", ", unfilled));
        await File.WriteAllTextAsync(Local(EnvFile), filled);
        File.SetUnixFileMode(Local(EnvFile), UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private const string DataProtectionPassword = "pfx password for the deploy tests";

    /// <summary>
    /// With openssl, as README "Going live" does: the site's TLS certificate for <see cref="ServerName"/>
    /// (self-signed here, where certbot cannot reach us) and the data-protection PFX, readable by the
    /// service's group only.
    /// </summary>
    private async Task MakeCertificatesAsync()
    {
        await Command.RunCheckedAsync("/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "2", "-subj", "/CN=" + ServerName, "-addext", "subjectAltName=DNS:" + ServerName,
            "-keyout", Local("/tls/privkey.pem"), "-out", Local("/tls/fullchain.pem"));
        await Command.RunCheckedAsync("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=FacetEducation data protection", "-keyout", Local("/tls/data-protection.key"), "-out", Local("/tls/data-protection.crt"));
        var pfx = EnvironmentFile.Parse(Rebase(DeployFile("facet-education.env.example")))["DataProtection__CertificatePath"];
        await Command.RunCheckedAsync("/usr/bin/openssl", "pkcs12", "-export", "-inkey", Local("/tls/data-protection.key"),
            "-in", Local("/tls/data-protection.crt"), "-out", pfx, "-passout", "pass:" + DataProtectionPassword);
        await Command.RunCheckedAsync("/bin/chown", "root:" + UserName, pfx);
        File.SetUnixFileMode(pfx, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        _visitors = new Visitors(X509CertificateLoader.LoadCertificateFromFile(Local("/tls/fullchain.pem")));
    }

    /// <summary>Starts the site from its unit and waits until /healthz answers on its own port.</summary>
    public async Task StartSiteAsync()
    {
        Assert.True(PortIsFree(SitePort), $"port {SitePort} is in use: is a site from an earlier run still running?");
        _site?.Dispose();
        _site = RunningProcess.Start("site", ServiceCommand.FromUnit(SiteUnit).StartInfo());
        using var direct = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(Site.HasExited, $"the site stopped while starting (exit code {(Site.HasExited ? Site.ExitCode : 0)}):\n{Site.Output}");
            try
            {
                using var health = await direct.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{SitePort}/healthz")));
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, "the site did not answer /healthz with 200 within 60 s:\n" + Site.Output);
            await Task.Delay(100);
        }
    }

    /// <summary>SIGTERM, as systemctl stop sends (KillSignal=SIGTERM), and the wait systemd allows (TimeoutStopSec).</summary>
    public async Task<bool> StopSiteAsync()
    {
        await Site.SignalAsync("TERM");
        var timeout = SiteUnit.Service("TimeoutStopSec");
        var stopped = await Site.WaitForExitAsync(TimeSpan.FromSeconds(int.Parse(timeout.TrimEnd('s'), CultureInfo.InvariantCulture)));
        if (!stopped)
        {
            Site.Dispose();
        }

        return stopped;
    }

    private async Task StartNginxAsync()
    {
        var folder = Local("/nginx");
        NginxSite = Placeholders().Aggregate(DeployFile("nginx/facet-education.conf"),
            (text, placeholder) => text.Replace("@" + placeholder.Key + "@", placeholder.Value, StringComparison.Ordinal))
            // The site's own access log goes beside the test's nginx.conf, not into the machine's /var/log.
            .Replace("/var/log/nginx/", folder + "/", StringComparison.Ordinal)
            // The site's page files, where the site writes them here.
            .Replace(CacheFolder + "/", Local(CacheFolder) + "/", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder, "facet-education.conf"), NginxSite);
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), DebianNginxConf(folder));
        _nginx = await RunNginxAsync(folder, HttpPort, HttpsPort);
    }

    /// <summary>Debian's nginx in the foreground with <paramref name="folder"/>'s nginx.conf (checked
    /// with -t first), once it answers on <paramref name="httpsPort"/>; the ports must be free.</summary>
    public static async Task<RunningProcess> RunNginxAsync(string folder, int httpPort, int httpsPort)
    {
        foreach (var port in new[] { httpPort, httpsPort })
        {
            Assert.True(PortIsFree(port), $"port {port} is in use: is an nginx from an earlier run still running?");
        }

        List<string> arguments = ["-p", folder + "/", "-e", Path.Combine(folder, "error.log"), "-c", Path.Combine(folder, "nginx.conf")];
        var check = await Command.RunAsync("/usr/sbin/nginx", [.. arguments, "-t"], TimeSpan.FromSeconds(30));
        Assert.True(check.ExitCode == 0, check.ToString());
        var start = new ProcessStartInfo("/usr/sbin/nginx")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Concat(["-g", "daemon off;"]))
        {
            start.ArgumentList.Add(argument);
        }

        var nginx = RunningProcess.Start("nginx", start);
        var errorLog = Path.Combine(folder, "error.log");
        string Errors() => File.Exists(errorLog) ? File.ReadAllText(errorLog) : "";
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await AnswersAsync(httpsPort))
        {
            Assert.False(nginx.HasExited, "nginx stopped while starting:\n" + nginx.Output + "\n" + Errors());
            Assert.True(DateTime.UtcNow < deadline, "nginx did not listen within 10 s:\n" + Errors());
            await Task.Delay(50);
        }

        return nginx;
    }

    /// <summary>The values README "Going live" has the clinic put in for each placeholder, for this test.</summary>
    public Dictionary<string, string> Placeholders() => new()
    {
        ["SERVER_NAME"] = ServerName,
        ["PUBLIC_URL"] = PublicUrl,
        ["CERTIFICATE"] = Local("/tls/fullchain.pem"),
        ["CERTIFICATE_KEY"] = Local("/tls/privkey.pem"),
        ["HTTP_PORT"] = HttpPort.ToString(CultureInfo.InvariantCulture),
        ["HTTPS_PORT"] = HttpsPort.ToString(CultureInfo.InvariantCulture),
        ["UPSTREAM"] = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{SitePort}"),
        // On a commented-out line: this suite runs one instance (TwoInstancesTests runs two).
        ["SECOND_UPSTREAM"] = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{SitePort + 1}"),
        ["CACHE_DIR"] = Local("/nginx/cache"),
    };

    /// <summary>
    /// Debian's own /etc/nginx/nginx.conf, with only its paths moved into the test's folder and
    /// deploy/'s site file as the one site included, so the site file is tested in the http {} it
    /// will really live in (Debian's gzip, ssl_protocols and the rest).
    /// </summary>
    internal static string DebianNginxConf(string folder)
    {
        var replacements = new Dictionary<string, string>
        {
            ["pid /run/nginx.pid;"] = $"pid {folder}/nginx.pid;",
            ["error_log /var/log/nginx/error.log;"] = $"error_log {folder}/error.log;",
            ["access_log /var/log/nginx/access.log;"] = $"access_log {folder}/access.log;",
            ["include /etc/nginx/conf.d/*.conf;"] = "",
            ["include /etc/nginx/sites-enabled/*;"] = $"include {folder}/facet-education.conf;",
            ["http {"] = "http {\n" + string.Join('\n', new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" }
                .Select(t => $"\t{t}_temp_path {folder}/temp/{t};")),
        };
        var text = File.ReadAllText("/etc/nginx/nginx.conf");
        foreach (var (from, to) in replacements)
        {
            Assert.True(text.Contains(from, StringComparison.Ordinal), $"/etc/nginx/nginx.conf no longer has \"{from}\": is it Debian's?");
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        Directory.CreateDirectory(Path.Combine(folder, "temp"));
        return text;
    }

    public async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_site is { HasExited: false })
        {
            await _site.SignalAsync("TERM");
            await _site.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        _site?.Dispose();
        if (_nginx is { HasExited: false })
        {
            await _nginx.SignalAsync("QUIT");
            await _nginx.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        _nginx?.Dispose();
        await Smtp.DisposeAsync();
        _visitors?.Dispose();
        if (Environment.GetEnvironmentVariable("DEPLOY_TESTS_KEEP") != "1")
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    internal static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    internal static async Task<bool> AnswersAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    internal static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "FacetEducation.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("FacetEducation.sln not found above " + AppContext.BaseDirectory);
    }

    internal static void CopyDirectory(string from, string to)
    {
        foreach (var folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DeployedSiteCollection : ICollectionFixture<DeployedSite>
{
    public const string Name = "deployed site";
}
