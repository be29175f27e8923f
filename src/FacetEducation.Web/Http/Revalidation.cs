using System.Globalization;
using System.Security.Cryptography;
using FacetEducation.Web.Content;
using Microsoft.Net.Http.Headers;

namespace FacetEducation.Web.Http;

/// <summary>
/// Validators for content pages: each response of a <see cref="ContentPageAttribute">content page</see>
/// gets an <c>ETag</c> from a hash of its body and a <c>Last-Modified</c> from the content, so a
/// browser revalidating gets <c>304 Not Modified</c>. The site's static copy
/// (<see cref="StaticCopy"/>) keeps these headers and answers conditional requests itself, by the
/// same rule (<see cref="IsNotModified"/>).
/// The hash covers the whole body, absolute links included, so without <c>Site:PublicUrl</c> a
/// validator of the page rendered for one host never matches the page for another.
/// </summary>
internal static class Revalidation
{
    /// <summary>
    /// The one rule for <c>304 Not Modified</c>, whether a page is rendered or replayed from the
    /// static copy: an <c>If-None-Match</c> decides alone (a weak match, or <c>*</c>); without one,
    /// <c>If-Modified-Since</c> at or after the page's <c>Last-Modified</c>.
    /// </summary>
    public static bool IsNotModified(HttpRequest request, EntityTagHeaderValue? etag, DateTimeOffset? lastModified)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (!Microsoft.Extensions.Primitives.StringValues.IsNullOrEmpty(ifNoneMatch))
        {
            return etag is not null
                && EntityTagHeaderValue.TryParseList(ifNoneMatch, out var candidates)
                && candidates.Any(c => c.Equals(EntityTagHeaderValue.Any) || c.Compare(etag, useStrongComparison: false));
        }

        return lastModified is { } modified
            && HeaderUtilities.TryParseDate(request.Headers.IfModifiedSince.ToString(), out var since)
            && modified <= since;
    }

    /// <summary>
    /// Adds <c>ETag</c>, <c>Last-Modified</c> and <c>Cache-Control: no-cache</c> (always revalidate,
    /// so an edit shows on the next page view) to successful GETs of cached content routes, and
    /// answers a matching conditional request with 304. It runs when a page is rendered; the static
    /// copy replays these headers and does the 304 check itself.
    /// </summary>
    public static IApplicationBuilder UseRevalidation(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                || endpoint?.Metadata.GetMetadata<ContentPageAttribute>() is null)
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
                // Whole seconds, as the header carries it, so that the date a browser sends back matches.
                var content = store.Current.LastModified;
                var lastModified = content.AddTicks(-(content.UtcTicks % TimeSpan.TicksPerSecond));
                response.Headers.LastModified = lastModified.ToString("R", CultureInfo.InvariantCulture);
                response.Headers.CacheControl = "public, no-cache";
                // The compression middleware says Vary only when the request offers an encoding; a
                // shared cache (nginx's micro-cache, a CDN) that kept a bare client's plain copy
                // would otherwise hand it to browsers too, so every variant says what it varies by.
                response.Headers.Vary = HeaderNames.AcceptEncoding;
                if (IsNotModified(context.Request, etag, lastModified))
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
