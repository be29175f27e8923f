namespace FacetEducation.Web.Site;

/// <summary>Public-facing site settings (section <c>Site</c>).</summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    /// <summary>
    /// The site's public address (for example <c>https://www.example.org</c>), used for canonical
    /// links, the sitemap, the feed and printed handouts. Empty means: the address of the request,
    /// which is right for local runs; set it in production so that a forged Host header cannot
    /// change the links the site hands out.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>
    /// How long after the site starts listening the work that can wait (building the search index,
    /// comparing content with the editor's history) begins, so that the first visitors' pages get
    /// the processor first. A search before then builds the index on demand.
    /// </summary>
    public TimeSpan DeferredWorkDelay { get; set; } = TimeSpan.FromSeconds(3);
}
