using FacetEducation.Web.Content;
using FacetEducation.Web.Site;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace FacetEducation.Web.Pages.Blog;

[OutputCache(PolicyName = PageCaching.PolicyName)]
public sealed class IndexModel(ContentStore store) : PageModel
{
    public IReadOnlyList<Article> Posts { get; private set; } = [];

    public void OnGet() => Posts = [.. store.Current.PostsPublishedBy(store.Today)];
}
