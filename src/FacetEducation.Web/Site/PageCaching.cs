using System.Globalization;
using System.Security.Cryptography;
using FacetEducation.Web.Content;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace FacetEducation.Web.Site;

/// <summary>
/// Serves content pages at close to static-file cost. Each page is rendered once per content
/// version and kept by the framework's output cache, already compressed (the cache sits in front
/// of response compression and varies by <c>Accept-Encoding</c>). A reload evicts every entry, and
/// the cache key also carries the snapshot version and the clinic's date, so a page can never
/// outlive the content (or the day, for scheduled posts) it was rendered from. Each response gets
/// an <c>ETag</c> from a hash of its body and a <c>Last-Modified</c> from the content, so a browser
/// revalidating gets <c>304 Not Modified</c>.
/// </summary>
internal static class PageCaching
{
    public const string PolicyName = "content";
    private const string Tag = "content";

    public static IServiceCollection AddPageCaching(this IServiceCollection services)
    {
        services.AddOutputCache(options =>
        {
            options.AddPolicy(PolicyName, policy => policy
                .Expire(TimeSpan.FromHours(1))
                .Tag(Tag)
                .SetVaryByHeader(HeaderNames.AcceptEncoding)
                .VaryByValue(context =>
                {
                    var store = context.RequestServices.GetRequiredService<ContentStore>();
                    return new KeyValuePair<string, string>("content", string.Create(CultureInfo.InvariantCulture, $"{store.Current.Version}:{store.Today:yyyyMMdd}"));
                }));
        });
        return services;
    }

    /// <summary>Evicts cached pages as soon as a new content version is loaded.</summary>
    public static WebApplication UsePageCacheEviction(this WebApplication app)
    {
        var store = app.Services.GetRequiredService<ContentStore>();
        var cache = app.Services.GetRequiredService<IOutputCacheStore>();
        store.Reloaded += _ => cache.EvictByTagAsync(Tag, CancellationToken.None).AsTask().Wait();
        return app;
    }

    /// <summary>
    /// Adds <c>ETag</c>, <c>Last-Modified</c> and <c>Cache-Control: no-cache</c> (always revalidate,
    /// so an edit shows on the next page view) to successful GETs of cached content routes, and
    /// answers a matching conditional request with 304. It runs only when the output cache misses;
    /// on a hit the cache replays these headers and does the 304 check itself.
    /// </summary>
    public static IApplicationBuilder UseValidators(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                || endpoint?.Metadata.GetMetadata<IOutputCachePolicy>() is null && endpoint?.Metadata.GetMetadata<OutputCacheAttribute>() is null)
            {
                await next(context);
                return;
            }

            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            var response = context.Response;
            if (response.StatusCode == StatusCodes.Status200OK)
            {
                var hash = Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))[..20];
                var etag = new EntityTagHeaderValue($"\"{hash}\"", isWeak: true);
                response.Headers.ETag = etag.ToString();
                var store = context.RequestServices.GetRequiredService<ContentStore>();
                response.Headers.LastModified = store.Current.LastModified.ToString("R", CultureInfo.InvariantCulture);
                response.Headers.CacheControl = "public, no-cache";
                if (EntityTagHeaderValue.TryParseList(context.Request.Headers.IfNoneMatch, out var candidates)
                    && candidates.Any(c => c.Compare(etag, useStrongComparison: false) || c.Equals(EntityTagHeaderValue.Any)))
                {
                    response.StatusCode = StatusCodes.Status304NotModified;
                    response.ContentLength = null;
                    return;
                }
            }

            if (buffer.Length == 0)
            {
                return; // nothing written: leave the response to the status code page
            }

            response.ContentLength = buffer.Length;
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        });
}
