using FacetEducation.Web.Http;

namespace FacetEducation.Web.Hosting;

/// <summary>Public-facing site settings (section <c>Site</c>).</summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    /// <summary>
    /// The site's public address (for example <c>https://www.example.org</c>), required in
    /// Production: every absolute address the site hands out (canonical links, Open Graph, JSON-LD,
    /// the sitemap, the feed, printed handouts, redirects) starts with it, only its host is answered
    /// (unless <c>AllowedHosts</c> lists others) and a bare http request is redirected to it when it
    /// is https. Empty means: the address of the request, which is right for local runs.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>
    /// How long after the site starts listening the work that can wait (building the search index,
    /// comparing content with the editor's history) begins, so that the first visitors' pages get
    /// the processor first. A search before then builds the index on demand.
    /// </summary>
    public TimeSpan DeferredWorkDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A folder where the site also writes its static copy of the public pages as files, for nginx to
    /// serve without asking the site (<see cref="PageFiles"/>; deploy/ sets it). Empty means: pages are
    /// kept in memory only. Needs <see cref="PublicUrl"/>, so that only pages of the public address
    /// are written.
    /// </summary>
    public string? PageFilesPath { get; set; }
}
