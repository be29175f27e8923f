using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FacetEducation.Web.Content;

public static class ContentServiceCollectionExtensions
{
    /// <summary>Content folder, Markdown loading and hot reload.</summary>
    public static IServiceCollection AddClinicContent(this IServiceCollection services)
    {
        services.AddOptions<ContentOptions>()
            .BindConfiguration(ContentOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), $"{ContentOptions.Section}:TimeZone is not a known time zone id (for example Europe/London).")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ContentStore>();
        // Load at start-up, so that a missing content folder stops the site with a clear message
        // and the first visitor does not pay for the first load. The articles are parsed in the
        // background while the rest of the host starts; a request that comes first waits for them.
        services.AddHostedService<ContentWarmup>();
        services.AddHealthChecks().AddCheck<ContentHealthCheck>("content");
        return services;
    }

    private sealed class ContentWarmup(ContentStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            // The store exists by now (its constructor has checked the folder); parsing 1,000
            // articles takes about a second, which overlaps Kestrel, data protection and the
            // other services starting instead of coming before them. Readers block on the store's
            // reload lock until this first load is in, so nobody sees an empty site.
            _ = Task.Run(() => store.Current, CancellationToken.None);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Healthy while articles are being served; degraded when some files are held back.</summary>
    private sealed class ContentHealthCheck(ContentStore store) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var snapshot = store.Current;
            var data = new Dictionary<string, object> { ["version"] = snapshot.Version, ["published"] = snapshot.Published.Count };
            var result = snapshot.Errors.Count == 0
                ? HealthCheckResult.Healthy("Content loaded.", data)
                : HealthCheckResult.Degraded($"{snapshot.Errors.Count} content problem(s); see the log.", data: data);
            return Task.FromResult(result);
        }
    }
}
