using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Enquiries;

/// <summary>
/// Deletes enquiries older than <c>Enquiries:RetentionDays</c> (with their emails and pickup
/// files) at start and then every hour: health information is kept no longer than needed.
/// </summary>
internal sealed class EnquiryRetention(
    EnquiryStore store,
    EnquiryPaths paths,
    IOptions<EnquiryOptions> options,
    TimeProvider time,
    ILogger<EnquiryRetention> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (store.Problem is not null)
        {
            // Enquiries are paused until a restart (the store logged why): there is nothing to delete from.
            return;
        }

        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError("Enquiry retention run failed ({ErrorType}); it runs again in an hour", ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One retention pass; returns how many enquiries were deleted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays);
        var deleted = await store.DeleteReceivedBeforeAsync(cutoff, cancellationToken);
        // Only enquiries' pickup files: the editor's emails to clinicians are outside the retention.
        foreach (var file in Directory.EnumerateFiles(paths.Pickup, "enquiry-*.eml"))
        {
            if (File.GetLastWriteTimeUtc(file) < cutoff.UtcDateTime)
            {
                File.Delete(file);
            }
        }

        if (deleted.Count > 0)
        {
            logger.LogInformation("Retention: deleted {Count} enquiries received before {Cutoff:yyyy-MM-dd}", deleted.Count, cutoff);
        }

        return deleted.Count;
    }
}
