using FacetEducation.Web.Search;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FacetEducation.Web.Pages;

public sealed class SearchModel(SiteSearch search) : PageModel
{
    public SearchOutcome? Outcome { get; private set; }

    public void OnGet(string? q) => Outcome = search.Search(q);
}
