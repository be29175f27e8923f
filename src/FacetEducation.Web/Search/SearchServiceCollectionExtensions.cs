using FacetEducation.Web.Hosting;
namespace FacetEducation.Web.Search;

public static class SearchServiceCollectionExtensions
{
    /// <summary>Full-text search over the content (SQLite FTS5), following content reloads.</summary>
    public static IServiceCollection AddClinicSearch(this IServiceCollection services)
    {
        services.AddSingleton<SynonymsFile>();
        services.AddSingleton<SiteSearch>();
        // Build the index soon after start-up (once the first pages have been served), so that it
        // follows every reload from then on and a visitor rarely waits for it.
        services.AddHostedService<SearchWarmup>();
        return services;
    }

    private sealed class SearchWarmup(SiteSearch search, DeferredWork deferred, ILogger<SearchWarmup> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await deferred.WaitAsync(stoppingToken);
                search.Warm();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopped before the index was needed.
            }
            catch (Exception ex)
            {
                // The first search builds the index instead; the site carries on.
                logger.LogError(ex, "Search warm-up failed; the index is built by the first search");
            }
        }
    }
}
