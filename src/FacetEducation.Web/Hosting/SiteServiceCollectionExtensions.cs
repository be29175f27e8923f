using FacetEducation.Web.Http;
using FacetEducation.Web.Seo;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.ResponseCompression;
using Serilog;

namespace FacetEducation.Web.Hosting;

public static class SiteServiceCollectionExtensions
{
    /// <summary>Serilog, configured from the <c>Serilog</c> section of appsettings.json.</summary>
    public static WebApplicationBuilder AddClinicLogging(this WebApplicationBuilder builder)
    {
        // preserveStaticLogger: each host logs through its own logger, never the process-wide static
        // one, so two hosts in one process (the integration tests) cannot write into each other's logs.
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext(), preserveStaticLogger: true);
        return builder;
    }

    /// <summary>Razor Pages, site options, compression and the services the layout needs.</summary>
    public static WebApplicationBuilder AddClinicSite(this WebApplicationBuilder builder)
    {
        // Run from a build (not a publish), the precompressed CSS and JS live under obj/ and only the
        // static web assets manifest says where; without it a browser asking for gzip gets an empty
        // file in every environment but Development. In a published app there is no such manifest
        // and this does nothing.
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        // The hosted services (search index, outbox, watchers) stop together, so a slow one does not
        // use up the others' share of the shutdown timeout.
        services.Configure<HostOptions>(o => o.ServicesStopConcurrently = true);
        services.AddOptions<SiteOptions>()
            .BindConfiguration(SiteOptions.Section)
            .Validate(o => o.PublicUrl is null || IsSiteAddress(o.PublicUrl),
                "Site:PublicUrl must be an absolute http(s) address with no path, such as https://www.example.org.")
            .Validate<IHostEnvironment>((o, environment) => o.PublicUrl is not null || !environment.IsProduction(),
                "Site:PublicUrl is required in Production: set it to the site's public address, such as https://www.example.org "
                + "(environment variable Site__PublicUrl), so that links, feeds and redirects never take their host from a request.")
            .Validate(o => o.DeferredWorkDelay >= TimeSpan.Zero && o.DeferredWorkDelay <= TimeSpan.FromMinutes(5),
                "Site:DeferredWorkDelay must be between 00:00:00 and 00:05:00.")
            .Validate(o => string.IsNullOrEmpty(o.PageFilesPath) || (Path.IsPathFullyQualified(o.PageFilesPath) && o.PublicUrl is not null && !OperatingSystem.IsWindows()),
                "Site:PageFilesPath must be an absolute folder path, needs Site:PublicUrl, and works on Linux only (nginx serves the files).")
            .ValidateOnStart();
        services.AddSingleton<DeferredWork>();
        services.AddHttpContextAccessor();
        services.AddSingleton<SiteUrls>();
        services.AddRazorPages(options => options.Conventions.Add(new PageMethods()));
        // Bodiless errors outside the HTML pages (the API, a POST) are answered with ProblemDetails.
        services.AddProblemDetails();
        services.AddResponseCompression(options =>
        {
            // Pages carry no secrets that vary per visitor, so BREACH does not apply; HTTPS still compresses.
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/atom+xml", "image/svg+xml"]);
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.AddSingleton<PageFiles>();
        services.AddSingleton<StaticCopy>();
        return builder;
    }

    /// <summary>Scheme, host and at most a trailing slash: the site is served from its root.</summary>
    private static bool IsSiteAddress(Uri url) =>
        url.IsAbsoluteUri && url.Scheme is "http" or "https" && url.PathAndQuery == "/" && url.Fragment.Length == 0 && url.UserInfo.Length == 0;

    /// <summary>The site's endpoints: static assets, Razor Pages, feeds and sitemap, health.</summary>
    public static WebApplication MapClinicSite(this WebApplication app)
    {
        // Fingerprinted CSS and JS, precompressed at build, served with a year-long immutable cache.
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        app.MapSeoEndpoints();
        app.MapHealthChecks(PublicAddress.HealthPath, new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });
        return app;
    }
}
