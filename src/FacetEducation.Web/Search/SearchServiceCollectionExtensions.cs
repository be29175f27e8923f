namespace FacetEducation.Web.Search;

public static class SearchServiceCollectionExtensions
{
    /// <summary>Full-text search over the content (SQLite FTS5), following content reloads.</summary>
    public static IServiceCollection AddClinicSearch(this IServiceCollection services)
    {
        services.AddSingleton<SynonymsFile>();
        services.AddSingleton<SiteSearch>();
        // Build the index at start-up (after the content warm-up), so that it follows every reload
        // from then on and the first visitor does not wait for it.
        services.AddHostedService<SearchWarmup>();
        return services;
    }

    private sealed class SearchWarmup(SiteSearch search) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            search.Warm();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
