using FacetEducation.Web.Content;
using FacetEducation.Web.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FacetEducation.Web.Pages.Conditions;

[ContentPage]
public sealed class IndexModel(ContentStore store) : PageModel
{
    public sealed record RegionGroup(BodyRegion Region, IReadOnlyList<Article> Articles);

    public IReadOnlyList<RegionGroup> Groups { get; private set; } = [];

    public void OnGet()
    {
        var articles = store.Current.ConditionsByTitle;
        // An article about several regions is listed under each, as a patient looks under their own.
        Groups = [.. Enum.GetValues<BodyRegion>().Select(region => new RegionGroup(region, [.. articles.Where(a => a.Regions.Contains(region))]))];
    }
}
