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
            .Validate(o => o.PollInterval == TimeSpan.Zero || (o.PollInterval >= TimeSpan.FromMilliseconds(100) && o.PollInterval <= TimeSpan.FromHours(1)), $"{ContentOptions.Section}:PollInterval must be 00:00:00 (off) or between 00:00:00.100 and 01:00:00 (for example 00:00:05).")
            .ValidateOnStart();
        services.AddSingleton<ClinicClock>();
        services.AddSingleton<ContentStore>();
        services.AddHealthChecks().AddCheck<ContentHealthCheck>("content");
        return services;
    }

    /// <summary>
    /// Starts parsing the content folder now, on the thread pool, while the request pipeline is
    /// built and the host starts (with many articles, parsing is most of the start-up). The store is
    /// created here, so a missing content folder still stops the site with a clear message; a
    /// request that arrives before the parse is done waits for it on the store's reload lock, so
    /// nobody sees an empty site.
    /// </summary>
    public static WebApplication StartContentLoad(this WebApplication app)
    {
        var store = app.Services.GetRequiredService<ContentStore>();
        _ = Task.Run(() => store.Current);
        return app;
    }

    /// <summary>Healthy while articles are being served; degraded when some files are held back or the
    /// folder cannot be read at all (the last good version is served).</summary>
    private sealed class ContentHealthCheck(ContentStore store) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var snapshot = store.Current;
            var data = new Dictionary<string, object> { ["version"] = snapshot.Version, ["published"] = snapshot.Published.Count };
            var result = store.ReloadFailing
                ? HealthCheckResult.Degraded("The content folder could not be read; the last good version is served. See the log.", data: data)
                : snapshot.Errors.Count == 0
                ? HealthCheckResult.Healthy("Content loaded.", data)
                : HealthCheckResult.Degraded($"{snapshot.Errors.Count} content problem(s); see the log.", data: data);
            return Task.FromResult(result);
        }
    }
}
