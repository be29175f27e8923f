using FacetEducation.Web.Hosting;

namespace FacetEducation.Web.Admin;

/// <summary>
/// Puts scheduled sign-offs on the site when their time comes (<see cref="EditorDocuments.PublishDueAsync"/>),
/// without a restart: it sleeps on the site's clock (<see cref="TimeProvider"/>, so tests move it) until the
/// next schedule is due, and wakes early when one is added or ended. At start-up it looks first, so a
/// schedule that came due while the site was down goes live then. It looks at least every
/// <see cref="LongestWait"/> (a schedule added by another instance, a clock changed under it), and a look
/// that fails (the shared write lock busy, a disk error) is tried again after <see cref="RetryAfter"/>.
/// </summary>
public sealed class ScheduledPublisher(
    EditorDocuments documents,
    ScheduledPublications schedules,
    DeferredWork deferred,
    TimeProvider time,
    ILogger<ScheduledPublisher> logger) : BackgroundService
{
    internal static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    internal static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (schedules.Paused)
        {
            return; // editing is paused until a restart: nothing can be read or written
        }

        try
        {
            await deferred.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                await documents.PublishDueAsync(stoppingToken);
                var next = (await schedules.ListOpenAsync(stoppingToken)).Select(s => (DateTimeOffset?)s.GoLive).FirstOrDefault();
                wait = next is { } at ? Clamp(at - time.GetUtcNow()) : LongestWait;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Scheduled publications could not be put on the site; trying again in {Retry}", RetryAfter);
                wait = RetryAfter;
            }

            if (wait <= TimeSpan.Zero)
            {
                continue;
            }

            using var timer = new CancellationTokenSource(wait, time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, stoppingToken);
            try
            {
                await schedules.WaitForChangeAsync(either.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Its time has come (or the longest wait is over): look again.
            }
        }
    }

    private static TimeSpan Clamp(TimeSpan wait) => wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < LongestWait ? wait : LongestWait;
}
