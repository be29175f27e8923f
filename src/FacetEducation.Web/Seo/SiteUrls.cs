using FacetEducation.Web.Hosting;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Seo;

/// <summary>
/// Absolute addresses for canonical links, Open Graph, JSON-LD, feeds, the sitemap, handouts and
/// redirects: the one place the site's own address is decided. With <see cref="SiteOptions.PublicUrl"/>
/// set it is always that; without it (a local run) it is the request's own scheme and host, so
/// anything kept for reuse that holds such an address must be kept per <see cref="BaseUrlFor"/>.
/// </summary>
public sealed class SiteUrls(IOptions<SiteOptions> options, IHttpContextAccessor accessor)
{
    private readonly string? _publicBaseUrl = options.Value.PublicUrl?.GetLeftPart(UriPartial.Authority);

    public string BaseUrl => BaseUrlFor(accessor.HttpContext?.Request);

    /// <summary>The scheme and host that addresses in the answer to <paramref name="request"/> start with.</summary>
    public string BaseUrlFor(HttpRequest? request) =>
        _publicBaseUrl ?? (request is null ? "http://localhost" : $"{request.Scheme}://{request.Host}");

    public string Absolute(string path) => BaseUrl + (path.StartsWith('/') ? path : "/" + path);

    /// <summary>
    /// An address the framework built from the request itself (the cookie handler's sign-in redirect
    /// is <c>scheme://Host/admin/sign-in?ReturnUrl=...</c>) moved onto the site's own address, so a
    /// forged Host header never comes back in a <c>Location</c>.
    /// </summary>
    public string Rebase(HttpRequest request, string address)
    {
        var requestBase = $"{request.Scheme}://{request.Host}";
        return address.StartsWith(requestBase, StringComparison.OrdinalIgnoreCase)
            ? BaseUrlFor(request) + address[requestBase.Length..]
            : address;
    }
}
