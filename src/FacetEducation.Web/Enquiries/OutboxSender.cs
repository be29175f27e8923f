using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FacetEducation.Web.Enquiries;

/// <summary>
/// Sends the outbox. Woken on every new enquiry, and polling as a fallback, it takes the emails
/// that are due and sends them over one fresh SMTP connection per batch (or writes them to the
/// pickup folder when no server is configured). A 250 marks an email sent; a temporary failure
/// (no connection, timeout, 4xx) schedules another attempt with exponential backoff and jitter,
/// kept in the database so that it survives a restart; a 5xx marks it failed for the clinician.
/// When the site stops, the email in flight is finished and marked, and the rest wait for the next start.
/// </summary>
internal sealed class OutboxSender(
    EnquiryStore store,
    OutboxSignal signal,
    EnquiryPaths paths,
    IOptions<EnquiryOptions> options,
    IOptions<SmtpOptions> smtpOptions,
    TimeProvider time,
    ILogger<OutboxSender> logger) : BackgroundService
{
    /// <summary>True from start-up and after any failure to reach the server: the first delivery after
    /// it brings forward every email that was only waiting for the server.</summary>
    private bool _serverMayHaveBeenDown = true;

    /// <summary>Connection attempts that failed in a row, and when the next may be made: while the server
    /// is down, new enquiries wait for that one attempt instead of each trying (and failing) on its own.</summary>
    private int _connectFailures;

    private DateTimeOffset? _serverRetryAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the first (possibly slow) connection attempt.
        await Task.Yield();
        if (store.Problem is not null)
        {
            // Enquiries are paused until a restart (the store logged why): nothing can be queued.
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_serverRetryAt is { } retryAt && retryAt - time.GetUtcNow() is var pause && pause > TimeSpan.Zero)
                {
                    // Each wake-up while the server is down would otherwise cost a connection attempt
                    // and a write to the outbox, competing with visitors' inserts for the disk and CPU.
                    await Task.Delay(pause, time, stoppingToken);
                    continue;
                }

                var due = store.Due(time.GetUtcNow(), options.Value.BatchSize);
                if (due.Count > 0)
                {
                    await SendBatchAsync(due, stoppingToken);
                    continue;
                }

                var wait = options.Value.PollInterval;
                if (store.NextDue() is { } next)
                {
                    var untilNext = next - time.GetUtcNow();
                    wait = untilNext < TimeSpan.Zero ? TimeSpan.Zero : untilNext < wait ? untilNext : wait;
                }

                if (wait > TimeSpan.Zero)
                {
                    await signal.WaitAsync(wait, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database or disk had a problem; nothing is lost, so wait and look again. The
                // exception's text is not logged: it could quote an address from the message.
                logger.LogError("Outbox sender could not read or update the outbox ({ErrorType}); trying again shortly", ex.GetType().Name);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private Task SendBatchAsync(List<OutboxMessage> batch, CancellationToken cancellationToken) =>
        smtpOptions.Value.UsePickupFolder ? WritePickupAsync(batch, cancellationToken) : SendSmtpAsync(batch, cancellationToken);

    private async Task WritePickupAsync(List<OutboxMessage> batch, CancellationToken cancellationToken)
    {
        foreach (var message in batch.TakeWhile(_ => !cancellationToken.IsCancellationRequested))
        {
            var name = string.Concat(message.MessageId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_')) + ".eml";
            var target = Path.Combine(paths.Pickup, name);
            var temporary = target + ".tmp";
            try
            {
                // Write then rename, so that a pickup agent never reads half a message; a resend overwrites.
                await File.WriteAllBytesAsync(temporary, message.Mime, cancellationToken);
                File.Move(temporary, target, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await TemporaryFailureAsync([message], ex.GetType().Name, "pickup folder not writable", serverDown: false, cancellationToken);
                continue;
            }

            await store.MarkSentAsync(message.Id, time.GetUtcNow(), CancellationToken.None);
            logger.LogInformation("{Email} {Kind} written to the pickup folder", message.Label, message.Kind);
        }
    }

    private async Task SendSmtpAsync(List<OutboxMessage> batch, CancellationToken cancellationToken)
    {
        var smtp = smtpOptions.Value;
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host!.Trim(), smtp.EffectivePort, smtp.SocketOptions, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? string.Empty, cancellationToken);
            }
        }
        catch (Exception ex) when (IsConnectionProblem(ex, cancellationToken))
        {
            // The server, not the messages, is the problem: every email in the batch waits its turn again.
            var reason = ex is AuthenticationException or NotSupportedException
                ? "authentication failed (check Smtp:Username, Smtp:Password and Smtp:Security)"
                : "could not connect";
            logger.LogWarning("SMTP server {Host}:{Port} unavailable: {Reason} ({ErrorType}); {Count} emails will be retried",
                smtp.Host, smtp.EffectivePort, reason, Describe(ex), batch.Count);
            _serverMayHaveBeenDown = true;
            _connectFailures++;
            _serverRetryAt = time.GetUtcNow() + Backoff(_connectFailures, options.Value.RetryBaseDelay, options.Value.RetryMaxDelay);
            await TemporaryFailureAsync(batch, Describe(ex), reason, serverDown: true, cancellationToken);
            return;
        }

        _connectFailures = 0;
        _serverRetryAt = null;

        // Punycode on the wire wherever it is enough: the stored headers carry internationalised
        // domains in punycode already, and only a non-ASCII local part needs SMTPUTF8. Without this,
        // MailKit sends the domain in UTF-8 to a server that offers SMTPUTF8, which the next hop may
        // not take.
        if (batch.All(m => HeadersAreAscii(m.Mime)))
        {
            client.Capabilities &= ~SmtpCapabilities.UTF8;
        }

        try
        {
            foreach (var message in batch)
            {
                if (!client.IsConnected || cancellationToken.IsCancellationRequested)
                {
                    // The server closed the connection (421, say), or the site is stopping: the rest
                    // stay pending and go with the next batch, or the next start.
                    break;
                }

                MimeMessage mime;
                try
                {
                    mime = await MimeMessage.LoadAsync(new MemoryStream(message.Mime), cancellationToken);
                }
                catch (FormatException)
                {
                    await store.MarkFailedAsync(message.Id, time.GetUtcNow(), "the stored message could not be read", CancellationToken.None);
                    logger.LogError("{Email} {Kind}: stored message unreadable; marked failed", message.Label, message.Kind);
                    continue;
                }

                using var disposeMime = mime;
                try
                {
                    // Not cancelled by a stop: the email in flight is finished (each step bounded by
                    // Smtp:Timeout) and marked, rather than cut off after the server may have taken it
                    // and sent again by the next start. A stop that outlasts the host's shutdown
                    // timeout leaves it pending, and the next start sends it, same Message-Id.
                    await client.SendAsync(mime, CancellationToken.None);
                }
                catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
                {
                    await store.MarkFailedAsync(message.Id, time.GetUtcNow(), $"{(int)ex.StatusCode} {ex.ErrorCode}: {ex.Message}", CancellationToken.None);
                    logger.LogError("{Email} {Kind} refused by the SMTP server ({StatusCode} {ErrorCode}); marked failed",
                        message.Label, message.Kind, (int)ex.StatusCode, ex.ErrorCode);
                    continue;
                }
                catch (SmtpCommandException ex)
                {
                    await TemporaryFailureAsync([message], $"{(int)ex.StatusCode} {ex.ErrorCode}", ex.Message, serverDown: false, cancellationToken);
                    continue;
                }
                catch (Exception ex) when (IsConnectionProblem(ex, cancellationToken))
                {
                    _serverMayHaveBeenDown = true;
                    await TemporaryFailureAsync([message], Describe(ex), "connection lost while sending", serverDown: true, cancellationToken);
                    break;
                }

                await store.MarkSentAsync(message.Id, time.GetUtcNow(), CancellationToken.None);
                logger.LogInformation("{Email} {Kind} sent", message.Label, message.Kind);
                if (_serverMayHaveBeenDown)
                {
                    _serverMayHaveBeenDown = false;
                    var released = await store.ReleaseWaitingForServerAsync(time.GetUtcNow(), cancellationToken);
                    if (released > 0)
                    {
                        logger.LogInformation("SMTP server reachable again: {Count} waiting emails are due now", released);
                    }
                }
            }
        }
        finally
        {
            if (client.IsConnected)
            {
                try
                {
                    // Stopping: close at once rather than wait for the server's answer to QUIT.
                    await client.DisconnectAsync(quit: !cancellationToken.IsCancellationRequested, CancellationToken.None);
                }
                catch (Exception ex) when (IsConnectionProblem(ex, cancellationToken))
                {
                    // Everything sent is already marked; a failed QUIT changes nothing.
                }
            }
        }
    }

    private async Task TemporaryFailureAsync(IReadOnlyList<OutboxMessage> messages, string error, string reason, bool serverDown, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        List<(long, DateTimeOffset)> retries = [];
        foreach (var message in messages)
        {
            if (now - message.CreatedAt >= settings.GiveUpAfter)
            {
                await store.MarkFailedAsync(message.Id, now, $"gave up after {message.Attempts + 1} attempts: {error} ({reason})", CancellationToken.None);
                logger.LogError("{Email} {Kind} not delivered after {Attempts} attempts ({Error}); marked failed",
                    message.Label, message.Kind, message.Attempts + 1, error);
                continue;
            }

            var delay = Backoff(message.Attempts + 1, settings.RetryBaseDelay, settings.RetryMaxDelay);
            retries.Add((message.Id, now + delay));
            if (!serverDown)
            {
                logger.LogWarning("{Email} {Kind} not sent ({Error}), attempt {Attempt}; next attempt in {Delay}",
                    message.Label, message.Kind, error, message.Attempts + 1, delay);
            }
        }

        if (retries.Count > 0)
        {
            await store.MarkRetryAsync(retries, now, $"{error} ({reason})", serverDown, cancellationToken);
        }
    }

    private static bool HeadersAreAscii(byte[] mime)
    {
        // The headers end at the first empty line (MimeKit writes LF or CRLF line ends).
        var span = mime.AsSpan();
        var lf = span.IndexOf("\n\n"u8);
        var crlf = span.IndexOf("\n\r\n"u8);
        var end = lf < 0 ? crlf : crlf < 0 ? lf : Math.Min(lf, crlf);
        return !span[..(end < 0 ? span.Length : end)].ContainsAnyExceptInRange((byte)0, (byte)0x7F);
    }

    /// <summary>
    /// Exponential backoff with "equal jitter": half the delay is fixed, half random, so a crowd of
    /// emails that failed together spreads out instead of retrying at the same instant.
    /// </summary>
    internal static TimeSpan Backoff(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }

    /// <summary>Failures of the connection rather than of one message; never the host shutting down.</summary>
    private static bool IsConnectionProblem(Exception ex, CancellationToken cancellationToken) =>
        ex switch
        {
            OperationCanceledException => !cancellationToken.IsCancellationRequested,
            SocketException or IOException or TimeoutException => true,
            SmtpProtocolException or ServiceNotConnectedException or AuthenticationException or SslHandshakeException => true,
            // MailKit's answer when the server offers no AUTH (or not the mechanism we need): a set-up problem.
            NotSupportedException => true,
            SmtpCommandException => true,
            _ => false,
        };

    /// <summary>What went wrong, without the server's text (which can quote an address).</summary>
    private static string Describe(Exception ex) => ex switch
    {
        SocketException socket => $"{nameof(SocketException)} {socket.SocketErrorCode}",
        SmtpCommandException command => $"{(int)command.StatusCode} {command.ErrorCode}",
        _ => ex.GetType().Name,
    };
}
