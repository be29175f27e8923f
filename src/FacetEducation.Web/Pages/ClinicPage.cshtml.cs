using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using FacetEducation.Web.Http;
using FacetEducation.Web.Pages.Shared;
using FacetEducation.Web.Seo;

namespace FacetEducation.Web.Pages;

/// <summary>The clinic's own pages from <c>content/pages/</c>: About, Privacy notice, Accessibility
/// statement, and any page the clinician adds there. Fixed routes such as <c>/blog</c> win over
/// this one, so a page cannot hide them.</summary>
[ContentPage]
public sealed class ClinicPageModel(ContentStore store, ClinicClock clock, SiteUrls urls, ReviewRecords reviews) : ArticlePageModel(store, clock, urls, reviews)
{
    public bool IsAbout => View.Article.Slug == "about";

    protected override Article? Find(ContentSnapshot snapshot, string slug, DateOnly today) => snapshot.FindPage(slug);
}
