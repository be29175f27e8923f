using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using FacetEducation.Web.Content;
using FacetEducation.Web.Http;

namespace FacetEducation.Web.Seo;

/// <summary>The machine-readable routes: Atom feed of posts, sitemap and robots.txt.</summary>
internal static class SeoEndpoints
{
    public const string FeedPath = "/feed.xml";

    /// <summary>Feed readers and crawlers check with HEAD before they fetch; Razor Pages answer it, so these do too.</summary>
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapSeoEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(FeedPath, GetOrHead, (ContentStore store, ClinicClock clock, SiteUrls urls) =>
        {
            var snapshot = store.Current;
            var posts = snapshot.PostsPublishedBy(clock.Today).Take(20).ToList();
            var feed = new SyndicationFeed(snapshot.Clinic.Name + " blog", snapshot.Clinic.Strapline ?? string.Empty, new Uri(urls.Absolute("/blog")))
            {
                Id = urls.Absolute("/blog"),
                LastUpdatedTime = posts.Select(p => p.LastModified).DefaultIfEmpty(snapshot.LastModified).Max(),
                Language = "en-GB",
                Items = posts.Select(post => new SyndicationItem(post.Title, post.Summary, new Uri(urls.Absolute(post.Url)), urls.Absolute(post.Url), post.LastModified)
                {
                    PublishDate = post.Published is { } date ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : post.LastModified,
                    Authors = { new SyndicationPerson { Name = post.Author ?? snapshot.Clinic.Name } },
                }).ToList(),
            };
            feed.Links.Add(new SyndicationLink(new Uri(urls.Absolute(FeedPath)), "self", null, "application/atom+xml", 0));
            return Results.Text(Write(w => new Atom10FeedFormatter(feed).WriteTo(w)), "application/atom+xml; charset=utf-8");
        }).WithMetadata(new ContentPageAttribute());

        endpoints.MapMethods("/sitemap.xml", GetOrHead, (ContentStore store, ClinicClock clock, SiteUrls urls) =>
        {
            var snapshot = store.Current;
            var entries = new List<(string Path, DateTimeOffset? Modified)>
            {
                ("/", snapshot.LastModified), ("/conditions", null), ("/blog", null), ("/contact", null),
            };
            entries.AddRange(snapshot.Published
                .Where(a => a.Kind != ArticleKind.Post || a.Published is null || a.Published <= clock.Today)
                .OrderBy(a => a.Url, StringComparer.Ordinal)
                .Select(a => (a.Url, (DateTimeOffset?)a.LastModified)));

            return Results.Text(Write(w =>
            {
                const string ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
                w.WriteStartElement("urlset", ns);
                foreach (var (path, modified) in entries)
                {
                    w.WriteStartElement("url", ns);
                    w.WriteElementString("loc", ns, urls.Absolute(path));
                    if (modified is { } m)
                    {
                        w.WriteElementString("lastmod", ns, m.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    }

                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }), "application/xml; charset=utf-8");
        }).WithMetadata(new ContentPageAttribute());

        endpoints.MapMethods("/robots.txt", GetOrHead, (SiteUrls urls) =>
            Results.Text($"User-agent: *\nDisallow: /admin\nDisallow: /api/\nSitemap: {urls.Absolute("/sitemap.xml")}\n", "text/plain; charset=utf-8"));

        return endpoints;
    }

    private static string Write(Action<XmlWriter> write)
    {
        var buffer = new StringBuilder();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = Encoding.UTF8, Indent = false }))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }

        // StringBuilder output declares utf-16; the response is UTF-8.
        return buffer.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }
}
