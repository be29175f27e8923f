using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FacetEducation.Tests.Infrastructure;

public static class HealthReports
{
    /// <summary>What <c>/healthz</c> decides from, entry by entry (its body is only the overall status).</summary>
    public static Task<HealthReport> HealthAsync(this SiteFactory site) =>
        site.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
}
