using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

// Usage: EnquiriesBench <site url[,site url...]> <smtp port> [requests=1000] [concurrency=16]
// The site must already run with Smtp:Host=127.0.0.1, Smtp:Port=<smtp port> and nothing listening there.
// Several URLs (instances on one PostgreSQL database): the requests take turns between them.
Uri[] sites = [.. args[0].Split(',').Select(u => new Uri(u))];
var smtpPort = int.Parse(args[1], CultureInfo.InvariantCulture);
var requests = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
var concurrency = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 16;
var warmUp = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 300;

var bodiesMade = 0;
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });

// Phase 1: SMTP is down. Warm up, then measure every POST at the given concurrency.
await RunAsync(warmUp, concurrency, null);
var latencies = new ConcurrentBag<double>();
var sitePid = Environment.GetEnvironmentVariable("SITE_PID");
var cpuBefore = SiteCpu(sitePid);
var wall = Stopwatch.StartNew();
await RunAsync(requests, concurrency, latencies);
wall.Stop();
var cpuAfter = SiteCpu(sitePid);
var sorted = latencies.Order().ToArray();
var queued = requests + warmUp;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"POST /api/enquiries with SMTP down: {requests} requests, {concurrency} concurrent clients, {wall.Elapsed.TotalSeconds:F2} s ({requests / wall.Elapsed.TotalSeconds:F0} req/s)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  latency ms: p50 {Percentile(sorted, 0.50):F1}  p95 {Percentile(sorted, 0.95):F1}  p99 {Percentile(sorted, 0.99):F1}  max {sorted[^1]:F1}"));

if (cpuBefore is { } before && cpuAfter is { } after)
{
    // CPU the site used per request: unlike latency, it hardly depends on what else the machine runs.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  site CPU: {(after - before).TotalMilliseconds / requests:F2} ms per request (user + system); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
}

// Phase 2: the mail server comes back. Count every Message-Id it accepts.
var seen = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
var options = new SmtpServerOptionsBuilder().ServerName("bench-sink")
    .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, smtpPort))).Build();
var services = new SmtpServer.ComponentModel.ServiceProvider();
services.Add(new CountingStore(seen));
services.Add((SmtpServer.Net.IEndpointListenerFactory)new NoDelayListenerFactory());
using var stop = new CancellationTokenSource();
var server = new SmtpServer.SmtpServer(options, services);
var serverTask = server.StartAsync(stop.Token);
var back = Stopwatch.StartNew();
var expected = queued * 2;
// Acknowledgements are capped per address (AcknowledgementCaps), so fewer than two emails per
// enquiry may be due: the drain is over when nothing new has arrived for 5 s, and its time is that
// of the last email (run.sh shortens the retry delays so that a retry never waits that long).
var deliveredIn = TimeSpan.Zero;
var arrived = 0;
while (seen.Count < expected && back.Elapsed < TimeSpan.FromMinutes(5)
    && (arrived == 0 || back.Elapsed - deliveredIn < TimeSpan.FromSeconds(5)))
{
    await Task.Delay(50);
    if (seen.Count != arrived)
    {
        arrived = seen.Count;
        deliveredIn = back.Elapsed;
    }
}

await Task.Delay(TimeSpan.FromSeconds(5)); // any duplicate would arrive now
var duplicates = seen.Values.Sum(v => v - 1);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"SMTP back: {seen.Count} of {expected} emails ({queued} enquiries x 2) delivered in {deliveredIn.TotalSeconds:F1} s; duplicates: {duplicates}"));
await stop.CancelAsync();
try
{
    await serverTask;
}
catch (OperationCanceledException)
{
}

return seen.Count == expected && duplicates == 0 ? 0 : 1;

async Task RunAsync(int count, int clients, ConcurrentBag<double>? record)
{
    // Bodies are serialised before the clock starts, so the client spends its share of the two
    // cores on sending, not on JSON.
    var offset = Interlocked.Add(ref bodiesMade, count) - count;
    var bodies = Enumerable.Range(offset, count).Select(n => JsonSerializer.SerializeToUtf8Bytes(new
    {
        name = $"Bench Visitor {n}",
        email = $"visitor{n}@example.com",
        preferredContact = "email",
        enquiryType = "question",
        message = "A benchmark enquiry about lower back pain. " + new string('x', 400),
        consent = true,
    })).ToArray();
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        int n;
        while ((n = Interlocked.Increment(ref next)) < count)
        {
            using var content = new ByteArrayContent(bodies[n]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var timer = Stopwatch.StartNew();
            using var response = await http.PostAsync(new Uri(sites[n % sites.Length], "/api/enquiries"), content);
            timer.Stop();
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            record?.Add(timer.Elapsed.TotalMilliseconds);
        }
    }));
}

// User + system CPU time of the sites' processes (SITE_PID, comma-separated), from /proc (Linux); null elsewhere or without SITE_PID.
static TimeSpan? SiteCpu(string? pids)
{
    if (pids is null || pids.Split(',').Any(pid => !File.Exists($"/proc/{pid}/stat")))
    {
        return null;
    }

    var ticks = pids.Split(',').Sum(pid =>
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    });
    return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
}

static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

/// <summary>Accepts every message and counts it by Message-Id.</summary>
internal sealed class CountingStore(ConcurrentDictionary<string, int> seen) : MessageStore
{
    public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var text = Encoding.ASCII.GetString(buffer.ToArray());
        var start = text.IndexOf("\nMessage-Id:", StringComparison.OrdinalIgnoreCase);
        var id = start < 0 ? Guid.NewGuid().ToString() : text[(start + 12)..text.IndexOf('\n', start + 1)].Trim();
        seen.AddOrUpdate(id, 1, (_, n) => n + 1);
        return Task.FromResult(SmtpResponse.Ok);
    }
}
