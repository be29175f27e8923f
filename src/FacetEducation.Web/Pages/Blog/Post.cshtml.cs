using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using FacetEducation.Web.Http;
using FacetEducation.Web.Pages.Shared;
using FacetEducation.Web.Seo;

namespace FacetEducation.Web.Pages.Blog;

[ContentPage]
public sealed class PostModel(ContentStore store, ClinicClock clock, SiteUrls urls, ReviewRecords reviews) : ArticlePageModel(store, clock, urls, reviews)
{
    protected override Article? Find(ContentSnapshot snapshot, string slug, DateOnly today) => snapshot.FindPost(slug, today);
}
