using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace FacetEducation.Tests.Enquiries;

/// <summary>What the sink received: the message as MimeKit parsed it, and the SMTP envelope.</summary>
public sealed record ReceivedMail(MimeMessage Message, string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo);

/// <summary>
/// A real SMTP server (the SmtpServer package) on a free loopback port. It can be started late (to
/// model an outage), answer with any code through <see cref="Respond"/>, or answer slowly.
/// Messages answered with anything but 250 are not recorded as received.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedMail> _received = new();
    private CancellationTokenSource? _stop;
    private SmtpServer.SmtpServer? _server;
    private Task? _running;
    private int _attempts;

    public SmtpSink()
    {
        Port = FreePort();
    }

    public int Port { get; }

    /// <summary>Decides the answer to each DATA, given its 1-based number; null means 250.</summary>
    public Func<int, SmtpResponse?> Respond { get; set; } = _ => null;

    /// <summary>How long to wait before answering each DATA.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The listener of the server's connections: SmtpServer's own when null (set before <see cref="Start"/>).</summary>
    public SmtpServer.Net.IEndpointListenerFactory? Listeners { get; init; }

    /// <summary>Messages answered 250, in order of arrival.</summary>
    public IReadOnlyList<ReceivedMail> Received => [.. _received];

    /// <summary>DATA commands seen, whatever the answer.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public SmtpSink Start()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        if (Listeners is not null)
        {
            services.Add(Listeners);
        }
        _stop = new CancellationTokenSource();
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
        return this;
    }

    public async Task StopAsync()
    {
        if (_stop is null)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _running!;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _stop = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Waits until at least <paramref name="count"/> messages were received, or fails.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        await Eventually.TrueAsync(() => _received.Count >= count, timeout ?? TimeSpan.FromSeconds(20),
            () => $"expected {count} messages, received {_received.Count} after {Attempts} attempts");
        return Received;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var attempt = Interlocked.Increment(ref sink._attempts);
            if (sink.Delay > TimeSpan.Zero)
            {
                await Task.Delay(sink.Delay, cancellationToken);
            }

            if (sink.Respond(attempt) is { } refusal)
            {
                return refusal;
            }

            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            sink._received.Enqueue(new ReceivedMail(message, transaction.From.User + "@" + transaction.From.Host,
                [.. transaction.To.Select(t => t.User + "@" + t.Host)]));
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>Polling with a deadline, for anything that happens in the background.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out: " + (describe?.Invoke() ?? "condition not met"));
            }

            await Task.Delay(25);
        }
    }
}
