using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace FacetEducation.Web.Http;

/// <summary>
/// Validators for content pages: each <c>200</c> of a <see cref="ContentPageAttribute">content page</see>
/// gets an <c>ETag</c> from a hash of its body and a <c>Last-Modified</c> from the content, so a
/// browser revalidating gets <c>304 Not Modified</c>. Both are added, and conditional requests
/// answered, in one place: the site's static copy (<see cref="StaticCopy"/>), which holds the whole
/// body of every page it renders before sending it.
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
    /// The validators of a content page's <c>200</c>, set before its body is sent: an <c>ETag</c> from
    /// a hash of the body as sent (so a page rendered for another host or encoding never matches),
    /// <c>Last-Modified</c> from the content, and <c>Cache-Control: no-cache</c> (browsers always
    /// revalidate, so an edit shows on the next page view). Returns the two validators.
    /// </summary>
    public static (EntityTagHeaderValue ETag, DateTimeOffset LastModified) Add(HttpResponse response, ReadOnlySpan<byte> body, DateTimeOffset contentModified)
    {
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..20]}\"", isWeak: true);
        // Whole seconds, as the header carries it, so that the date a browser sends back matches.
        var lastModified = contentModified.AddTicks(-(contentModified.UtcTicks % TimeSpan.TicksPerSecond));
        var headers = response.Headers;
        headers.ETag = etag.ToString();
        headers.LastModified = lastModified.ToString("R", CultureInfo.InvariantCulture);
        headers.CacheControl = "public, no-cache";
        // The compression middleware says Vary only when the request offers an encoding; a shared
        // cache (nginx's micro-cache, a CDN) that kept a bare client's plain copy would otherwise
        // hand it to browsers too, so every variant says what it varies by.
        headers.Vary = HeaderNames.AcceptEncoding;
        return (etag, lastModified);
    }
}
