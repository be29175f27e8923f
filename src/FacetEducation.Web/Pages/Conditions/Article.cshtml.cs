using FacetEducation.Web.Content;
using FacetEducation.Web.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace FacetEducation.Web.Pages.Conditions;

[OutputCache(PolicyName = PageCaching.PolicyName)]
public sealed class ArticleModel(ContentStore store, SiteUrls urls) : PageModel
{
    public ArticleView View { get; private set; } = null!;

    /// <remarks>The slug is only ever a dictionary key, never a path, so <c>..</c> or an encoded
    /// slash can only miss and give the 404 page.</remarks>
    public IActionResult OnGet(string slug)
    {
        var snapshot = store.Current;
        if (snapshot.FindCondition(slug) is not { } article)
        {
            return NotFound();
        }

        View = ArticleView.Create(article, snapshot, store.Today, urls);
        return Page();
    }
}
