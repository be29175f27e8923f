using FacetEducation.Web.Content;
using FacetEducation.Web.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace FacetEducation.Web.Pages.Blog;

[OutputCache(PolicyName = PageCaching.PolicyName)]
public sealed class PostModel(ContentStore store, SiteUrls urls) : PageModel
{
    public ArticleView View { get; private set; } = null!;

    public IActionResult OnGet(string slug)
    {
        var snapshot = store.Current;
        if (snapshot.FindPost(slug, store.Today) is not { } post)
        {
            return NotFound();
        }

        View = ArticleView.Create(post, snapshot, store.Today, urls);
        return Page();
    }
}
