using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using FacetEducation.Web.Seo;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FacetEducation.Web.Pages.Shared;

/// <summary>
/// The one way an article, post or clinic page is found and shown: look the slug up in the current
/// snapshot, 404 if it is not there. The slug is only ever a dictionary key, never a file path, so
/// <c>..</c>, an encoded slash or an absolute path can only miss and give the 404 page.
/// </summary>
public abstract class ArticlePageModel(ContentStore store, ClinicClock clock, SiteUrls urls, ReviewRecords reviews) : PageModel
{
    public ArticleView View { get; private set; } = null!;

    protected abstract Article? Find(ContentSnapshot snapshot, string slug, DateOnly today);

    public IActionResult OnGet(string slug)
    {
        var snapshot = store.Current;
        if (Find(snapshot, slug, clock.Today) is not { } article)
        {
            return NotFound();
        }

        View = ArticleView.Create(article, snapshot, clock.Today, urls, reviews);
        return Page();
    }
}
