using FacetEducation.Web.Content;
using FacetEducation.Web.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace FacetEducation.Web.Pages;

/// <summary>The clinic's own pages from <c>content/pages/</c>: About, Privacy notice, Accessibility
/// statement, and any page the clinician adds there. Fixed routes such as <c>/blog</c> win over
/// this one, so a page cannot hide them.</summary>
[OutputCache(PolicyName = PageCaching.PolicyName)]
public sealed class ClinicPageModel(ContentStore store, SiteUrls urls) : PageModel
{
    public ArticleView View { get; private set; } = null!;

    public bool IsAbout => View.Article.Slug == "about";

    public IActionResult OnGet(string slug)
    {
        var snapshot = store.Current;
        if (snapshot.FindPage(slug) is not { } page)
        {
            return NotFound();
        }

        View = ArticleView.Create(page, snapshot, store.Today, urls);
        return Page();
    }
}
