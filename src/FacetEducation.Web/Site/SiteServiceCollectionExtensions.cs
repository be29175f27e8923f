using FacetEducation.Web.Content;
using Microsoft.AspNetCore.ResponseCompression;
using Serilog;

namespace FacetEducation.Web.Site;

public static class SiteServiceCollectionExtensions
{
    /// <summary>Serilog, configured from the <c>Serilog</c> section of appsettings.json.</summary>
    public static WebApplicationBuilder AddClinicLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext());
        return builder;
    }

    /// <summary>Razor Pages, site options, compression and the services the layout needs.</summary>
    public static IServiceCollection AddClinicSite(this IServiceCollection services)
    {
        services.AddOptions<SiteOptions>()
            .BindConfiguration(SiteOptions.Section)
            .Validate(o => o.PublicUrl is null || (o.PublicUrl.IsAbsoluteUri && o.PublicUrl.Scheme is "http" or "https"),
                "Site:PublicUrl must be an absolute http(s) address such as https://www.example.org.")
            .ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddSingleton<SiteUrls>();
        services.AddRazorPages();
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
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        return services;
    }

    /// <summary>The request pipeline, in order.</summary>
    public static WebApplication UseClinicSite(this WebApplication app)
    {
        if (app.Environment.IsProduction())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseSecurityHeaders();
        app.UseResponseCompression();
        app.UseSerilogRequestLogging();
        app.UseStaticFiles();
        app.UseContentImages();
        app.UseRouting();
        return app;
    }

    public static WebApplication MapClinicSite(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapSeoEndpoints();
        app.MapHealthChecks("/healthz");
        return app;
    }
}
