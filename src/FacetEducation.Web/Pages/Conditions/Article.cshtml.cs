using FacetEducation.Web.Content;
using FacetEducation.Web.Pages.Shared;
using FacetEducation.Web.Site;
using Microsoft.AspNetCore.OutputCaching;

namespace FacetEducation.Web.Pages.Conditions;

[OutputCache(PolicyName = PageCaching.PolicyName)]
public sealed class ArticleModel(ContentStore store, SiteUrls urls) : ArticlePageModel(store, urls)
{
    protected override Article? Find(ContentSnapshot snapshot, string slug, DateOnly today) => snapshot.FindCondition(slug);
}
