using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Site;

/// <summary>Absolute addresses for canonical links, feeds and handouts.</summary>
public sealed class SiteUrls(IOptions<SiteOptions> options, IHttpContextAccessor accessor)
{
    public string BaseUrl
    {
        get
        {
            if (options.Value.PublicUrl is { } configured)
            {
                return configured.GetLeftPart(UriPartial.Authority);
            }

            var request = accessor.HttpContext?.Request;
            return request is null ? "http://localhost" : $"{request.Scheme}://{request.Host}";
        }
    }

    public string Absolute(string path) => BaseUrl + (path.StartsWith('/') ? path : "/" + path);
}
