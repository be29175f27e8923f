using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using FacetEducation.Tests.Enquiries;
using Npgsql;

namespace FacetEducation.DeployTests.Infrastructure;

/// <summary>
/// Two instances of the site as docs/scaling.md runs them: real child processes (the solution's
/// Release build, started with <c>dotnet</c>) on one PostgreSQL database (<c>Data:Provider=Postgres</c>,
/// a new database on the server <c>.ci/postgres</c> names in <c>FACET_TEST_POSTGRES</c>), sharing one
/// content folder, each with its own data folder; and Debian's nginx in front with deploy/'s site
/// file, its "#second-instance " lines turned on as README says. Instance B does not watch the
/// folder (<c>Content:Watch=false</c>) and polls it instead, as an instance on another machine,
/// where file-system events never arrive, would. The mail server (an in-process SMTP sink) is down
/// until a test starts it. Ports 56201-56202 (the instances) and 56210-56211 (nginx).
/// </summary>
public sealed partial class TwoInstances : IAsyncLifetime
{
    public const string EditorPassword = "a long phrase for the two-instance tests";
    public const int HttpPort = 56210;
    public const int HttpsPort = 56211;

    public static readonly string PublicUrl = string.Create(CultureInfo.InvariantCulture, $"https://{DeployedSite.ServerName}:{HttpsPort}");

    private readonly StringBuilder _log = new();
    private readonly string _repository = DeployedSite.FindRepository();
    private string? _server;
    private RunningProcess? _nginx;
    private bool _disposed;

    public TwoInstances()
    {
        Root = Directory.CreateTempSubdirectory("multi-e2e-").FullName;
        File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101);
        ContentFolder = Path.Combine(Root, "content");
    }

    public string Root { get; }

    public string ContentFolder { get; }

    /// <summary>The database both instances use.</summary>
    public string Database { get; private set; } = "";

    /// <summary>The mail server, answering at once as a real one does (SmtpServer's own listener adds a 40 ms stall to each email: docs/enquiries.md).</summary>
    public SmtpSink Smtp { get; } = new() { Listeners = new NoDelayListenerFactory() };

    public Instance A { get; private set; } = null!;

    public Instance B { get; private set; } = null!;

    public Visitors Visitors { get; private set; } = null!;

    /// <summary>What the set-up did and how long each step took.</summary>
    public string SetupLog => _log.ToString();

    public async Task InitializeAsync()
    {
        try
        {
            Assert.True(Environment.UserName == "root", "The deployment tests run as root: they start nginx (run bash .ci/test as root).");
            var clock = Stopwatch.StartNew();
            _server = Environment.GetEnvironmentVariable("FACET_TEST_POSTGRES");
            Assert.False(string.IsNullOrWhiteSpace(_server),
                "FACET_TEST_POSTGRES is not set: run the tests beside a throwaway PostgreSQL server with `bash .ci/postgres -- dotnet test tests/FacetEducation.DeployTests` (.ci/test does).");
            Database = CreateDatabase(_server!);
            DeployedSite.CopyDirectory(Path.Combine(_repository, "content"), ContentFolder);
            await MakeCertificateAsync();
            var dll = Path.Combine(_repository, "src/FacetEducation.Web/bin/Release/net10.0/FacetEducation.Web.dll");
            Assert.True(File.Exists(dll), $"{dll} is missing: build the solution in Release first (.ci/test does).");
            var hash = await Command.RunAsync("dotnet", [dll, "hash-password"], TimeSpan.FromSeconds(60), input: EditorPassword + "\n",
                workingDirectory: Path.GetDirectoryName(dll));
            Assert.True(hash.ExitCode == 0, hash.ToString());
            var passwordHash = hash.Stdout.Trim().Split('\n')[^1];
            _log.AppendLine(CultureInfo.InvariantCulture, $"database, content, certificate, password hash: {clock.Elapsed.TotalSeconds:F1} s");

            clock.Restart();
            A = new Instance("A", 56201, dll, Path.Combine(Root, "data-a"), Settings(56201, "data-a", passwordHash, polls: false));
            B = new Instance("B", 56202, dll, Path.Combine(Root, "data-b"), Settings(56202, "data-b", passwordHash, polls: true));
            // One after the other: both migrate the empty database at start (they would take turns anyway).
            await A.StartAsync();
            await B.StartAsync();
            _log.AppendLine(CultureInfo.InvariantCulture, $"two instances started: {clock.Elapsed.TotalSeconds:F1} s");
            clock.Restart();
            await StartNginxAsync();
            _log.AppendLine(CultureInfo.InvariantCulture, $"nginx started: {clock.Elapsed.TotalSeconds:F1} s");
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private Dictionary<string, string> Settings(int port, string data, string passwordHash, bool polls)
    {
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Site__PublicUrl"] = PublicUrl,
            ["Proxy__KnownProxies__0"] = "127.0.0.1",
            ["Data__Path"] = Path.Combine(Root, data),
            ["Data__Provider"] = "Postgres",
            ["ConnectionStrings__Clinic"] = Database,
            ["Content__Path"] = ContentFolder,
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Smtp__Security"] = "None",
            ["Mail__From"] = "Clinic website <website@clinic.test>",
            ["Mail__ClinicInbox"] = "inbox@clinic.test",
            ["Editor__Accounts__0__UserName"] = "clinician",
            ["Editor__Accounts__0__DisplayName"] = "Test Clinician",
            ["Editor__Accounts__0__Role"] = "reviewer",
            ["Editor__Accounts__0__Registration"] = "HCPC PH000000",
            ["Editor__Accounts__0__PasswordHash"] = passwordHash,
            // Many enquiries from few addresses, at once, and a mail server that returns within the test.
            ["Enquiries__RateLimitPerMinute"] = "1000000",
            ["Enquiries__AcknowledgementsPerHour"] = "1000000",
            ["Enquiries__MinimumFillTime"] = "00:00:00",
            ["Enquiries__RetryBaseDelay"] = "00:00:00.200",
            ["Enquiries__RetryMaxDelay"] = "00:00:01",
            ["Enquiries__PollInterval"] = "00:00:01",
            ["Enquiries__ClaimLease"] = "00:00:05",
            ["Site__DeferredWorkDelay"] = "00:00:00",
        };
        if (polls)
        {
            settings["Content__Watch"] = "false";
            settings["Content__PollInterval"] = "00:00:01";
        }

        return settings;
    }

    private static string CreateDatabase(string server)
    {
        var name = "facet_multi_" + Guid.NewGuid().ToString("N")[..12];
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        create.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>The first column of the first row of <paramref name="sql"/> on <see cref="Database"/>.</summary>
    public long Count(string sql)
    {
        using var connection = new NpgsqlConnection(Database);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private async Task MakeCertificateAsync()
    {
        var tls = Directory.CreateDirectory(Path.Combine(Root, "tls")).FullName;
        await Command.RunCheckedAsync("/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "2", "-subj", "/CN=" + DeployedSite.ServerName, "-addext", "subjectAltName=DNS:" + DeployedSite.ServerName,
            "-keyout", Path.Combine(tls, "privkey.pem"), "-out", Path.Combine(tls, "fullchain.pem"));
        Visitors = new Visitors(X509CertificateLoader.LoadCertificateFromFile(Path.Combine(tls, "fullchain.pem")), PublicUrl);
    }

    /// <summary>deploy/'s site file, filled in as README "Going live" says, with the second instance's lines turned on.</summary>
    private async Task StartNginxAsync()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Root, "nginx")).FullName;
        var placeholders = new Dictionary<string, string>
        {
            ["SERVER_NAME"] = DeployedSite.ServerName,
            ["PUBLIC_URL"] = PublicUrl,
            ["CERTIFICATE"] = Path.Combine(Root, "tls/fullchain.pem"),
            ["CERTIFICATE_KEY"] = Path.Combine(Root, "tls/privkey.pem"),
            ["HTTP_PORT"] = HttpPort.ToString(CultureInfo.InvariantCulture),
            ["HTTPS_PORT"] = HttpsPort.ToString(CultureInfo.InvariantCulture),
            ["UPSTREAM"] = "127.0.0.1:" + A.Port.ToString(CultureInfo.InvariantCulture),
            ["SECOND_UPSTREAM"] = "127.0.0.1:" + B.Port.ToString(CultureInfo.InvariantCulture),
            ["CACHE_DIR"] = Path.Combine(folder, "cache"),
        };
        var site = placeholders.Aggregate(await File.ReadAllTextAsync(Path.Combine(_repository, "deploy/nginx/facet-education.conf")),
            (text, placeholder) => text.Replace("@" + placeholder.Key + "@", placeholder.Value, StringComparison.Ordinal));
        Assert.Equal(2, SecondInstanceLine().Count(site));
        site = SecondInstanceLine().Replace(site, "$1")
            .Replace("/var/log/nginx/", folder + "/", StringComparison.Ordinal)
            // No page files with several instances (docs/scaling.md): pages come through the micro-cache.
            .Replace(DeployedSite.CacheFolder + "/pages/current", Path.Combine(Root, "no-page-files"), StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder, "facet-education.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), DeployedSite.DebianNginxConf(folder));
        _nginx = await DeployedSite.RunNginxAsync(folder, HttpPort, HttpsPort);
    }

    public async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var instance in new[] { A, B }.Where(i => i is not null))
        {
            await instance.DisposeAsync();
        }

        if (_nginx is { HasExited: false })
        {
            await _nginx.SignalAsync("QUIT");
            await _nginx.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        _nginx?.Dispose();
        await Smtp.DisposeAsync();
        Visitors?.Dispose();
        if (!string.IsNullOrEmpty(Database))
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(_server);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(Database).Database} WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }

        if (Environment.GetEnvironmentVariable("DEPLOY_TESTS_KEEP") != "1")
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    [GeneratedRegex("(?m)^([ \t]*)#second-instance ")]
    private static partial Regex SecondInstanceLine();

    /// <summary>One instance: a child process of its own, so a test can kill it with SIGKILL.</summary>
    public sealed class Instance(string name, int port, string dll, string dataFolder, Dictionary<string, string> settings) : IAsyncDisposable
    {
        private static readonly HttpClient Direct = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

        private RunningProcess? _process;

        public string Name { get; } = name;

        public int Port { get; } = port;

        public string DataFolder { get; } = dataFolder;

        public RunningProcess Process => _process ?? throw new InvalidOperationException($"instance {Name} has not been started");

        public async Task StartAsync()
        {
            Assert.True(DeployedSite.PortIsFree(Port), $"port {Port} is in use: is a site from an earlier run still running?");
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(dll)!,
            };
            start.ArgumentList.Add(dll);
            foreach (var (key, value) in settings)
            {
                start.Environment[key] = value;
            }

            _process = RunningProcess.Start("site " + Name, start);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                Assert.False(Process.HasExited, $"instance {Name} stopped while starting:\n{Process.Output}");
                try
                {
                    using var health = await Direct.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/healthz")));
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

                Assert.True(DateTime.UtcNow < deadline, $"instance {Name} did not answer /healthz with 200 within 60 s:\n{Process.Output}");
                await Task.Delay(100);
            }
        }

        /// <summary>A request straight to this instance, as nginx would pass it on for a visitor at <paramref name="visitor"/>.</summary>
        public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string visitor = "127.0.0.9")
        {
            request.RequestUri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}{request.RequestUri!.OriginalString}"));
            request.Headers.Host = DeployedSite.ServerName;
            request.Headers.Add("X-Forwarded-For", visitor);
            request.Headers.Add("X-Forwarded-Proto", "https");
            return await Direct.SendAsync(request);
        }

        public async Task<HttpResponseMessage> GetAsync(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            return await SendAsync(request);
        }

        /// <summary>How many lines of this instance's log contain <paramref name="text"/>.</summary>
        public int Logged(string text) => Process.Output.Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));

        public async ValueTask DisposeAsync()
        {
            if (_process is { HasExited: false })
            {
                await _process.SignalAsync("TERM");
                await _process.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }

            _process?.Dispose();
        }
    }
}
