using System.Net;
using System.Text;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace FacetEducation.Web.Hosting;

/// <summary>
/// The site at its public address, behind a reverse proxy: forwarded headers from the configured
/// proxies only (<see cref="ProxyOptions"/>), only the public host (<c>Site:PublicUrl</c>, or an
/// explicit <c>AllowedHosts</c>), HTTPS redirection to the public https address, HSTS, and every
/// cookie <c>Secure</c> when the visitor's request was https.
/// </summary>
public static class PublicAddress
{
    public const string HealthPath = "/healthz";

    private static readonly byte[] WrongHostBody = Encoding.UTF8.GetBytes(
        "400 Bad Request: this site does not answer to that host name. Please use the site's own address.\n");

    public static WebApplicationBuilder AddPublicAddress(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) =>
        {
            // Never X-Forwarded-Host: the host the site answers to is checked, not taken from a header.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // nginx overwrites X-Forwarded-For with the address it saw, so one entry is all there is to read.
            forwarded.ForwardLimit = 1;
            // Exactly the configured proxies: the framework's default trusts every loopback address.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in proxy.Value.Addresses())
            {
                forwarded.KnownProxies.Add(address);
            }

            foreach (var network in proxy.Value.Networks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });
        // The framework's own host filtering runs from a startup filter ahead of the whole pipeline,
        // before forwarded headers, where every request through nginx comes from loopback; it cannot
        // let only local monitoring reach /healthz by any name. "*" turns it into a pass-through and
        // UsePublicHost checks the host instead, after the forwarded headers, reading the same
        // AllowedHosts setting.
        services.Configure<HostFilteringOptions>(o => o.AllowedHosts = ["*"]);
        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<SiteOptions>>((redirect, site) =>
        {
            // A bare http request goes to the public https address (443 or the port it names).
            if (site.Value.PublicUrl is { Scheme: "https" } url)
            {
                redirect.HttpsPort = url.Port;
            }
        });
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        // Antiforgery's cookie is not Secure by default; this makes every cookie the site sets Secure
        // when the visitor's request was https (as seen through the proxy), and leaves plain http
        // local runs working.
        services.AddCookiePolicy(o => o.Secure = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    /// <summary>First in the pipeline: the visitor's address and scheme from the configured proxies'
    /// forwarded headers, so that everything after it (HSTS, HTTPS redirection, the static copy, the
    /// rate limiter, the sign-in throttle, cookies) sees them. With no proxy configured it adds
    /// nothing: both lists empty would make the framework's middleware trust every sender.</summary>
    public static WebApplication UseKnownProxyHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.TrustsAnyProxy)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    /// <summary>Only the public host (<c>Site:PublicUrl</c> or <c>AllowedHosts</c>), and in Production a
    /// plain http request redirected to the public https address. Local monitoring (curl
    /// http://127.0.0.1:5000/healthz on the server) gets its answer by any name and over plain http.</summary>
    public static WebApplication UsePublicHost(this WebApplication app)
    {
        var publicUrl = app.Services.GetRequiredService<IOptions<SiteOptions>>().Value.PublicUrl;
        var allowedHosts = AllowedHosts(app.Configuration["AllowedHosts"], publicUrl);
        var redirectToHttps = app.Environment.IsProduction() && publicUrl?.Scheme == Uri.UriSchemeHttps;
        if (allowedHosts.Count == 0 && !redirectToHttps)
        {
            return app;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PublicAddress));
        app.UseWhen(context => !IsLocalHealthCheck(context), branch =>
        {
            if (allowedHosts.Count > 0)
            {
                branch.Use((context, next) => HasAllowedHost(context, allowedHosts) ? next(context) : RefuseHostAsync(context, logger));
            }

            // The host is an allowed one by now, so the redirect's address is the public one.
            if (redirectToHttps)
            {
                branch.UseHttpsRedirection();
            }
        });
        return app;
    }

    /// <summary>HSTS in Production only, where the site is served over https at its public address.</summary>
    public static WebApplication UseHstsInProduction(this WebApplication app)
    {
        if (app.Environment.IsProduction())
        {
            app.UseHsts();
        }

        return app;
    }

    /// <summary>
    /// The hosts the site answers to: an explicit <c>AllowedHosts</c> list (semicolon-separated, as
    /// the framework reads it) wins; otherwise (<c>*</c> or unset) the host of
    /// <c>Site:PublicUrl</c>; empty (any host) when neither is set, as on a laptop.
    /// </summary>
    internal static List<StringSegment> AllowedHosts(string? configured, Uri? publicUrl)
    {
        var explicitHosts = (configured ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var hosts = explicitHosts.Length > 0 && !explicitHosts.Contains("*")
            ? explicitHosts
            : publicUrl is null ? [] : [publicUrl.Host];
        // Punycode, as the Host header carries it.
        return [.. hosts.Select(h => new StringSegment(new HostString(h).ToUriComponent())).Distinct()];
    }

    private static bool IsLocalHealthCheck(HttpContext context) =>
        context.Request.Path.Equals(HealthPath, StringComparison.OrdinalIgnoreCase)
        && context.Connection.RemoteIpAddress is { } address
        && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static bool HasAllowedHost(HttpContext context, List<StringSegment> allowedHosts)
    {
        var host = context.Request.Host;
        return host.HasValue && HostString.MatchesAny(host.Value, allowedHosts);
    }

    /// <summary>A plain 400 before anything else runs: no page, nothing kept, nothing of the
    /// request's host written back.</summary>
    private static Task RefuseHostAsync(HttpContext context, ILogger logger)
    {
        logger.LogInformation("Refused a request for host {Host}: not the host of Site:PublicUrl or one of AllowedHosts", context.Request.Host.Value);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status400BadRequest;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.ContentLength = WrongHostBody.Length;
        return response.Body.WriteAsync(WrongHostBody, context.RequestAborted).AsTask();
    }
}
