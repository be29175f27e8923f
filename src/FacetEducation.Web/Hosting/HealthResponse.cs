using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FacetEducation.Web.Hosting;

/// <summary>
/// The body of <c>/healthz</c>: the overall status as one word (what a proxy or uptime monitor
/// reads), and, for a request from the server itself that asks for JSON, every check with its
/// status, description and data (the outbox backlog, free space). The details name folders and the
/// database's host, so a request from outside never gets them.
/// </summary>
internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var remote = context.Connection.RemoteIpAddress;
        var wantsJson = context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
        if (!wantsJson || remote is null || !IPAddress.IsLoopback(remote))
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(report.Status.ToString());
        }

        return context.Response.WriteAsJsonAsync(new
        {
            Status = report.Status.ToString(),
            Checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                Status = e.Value.Status.ToString(),
                e.Value.Description,
                e.Value.Data,
            }),
        });
    }
}
