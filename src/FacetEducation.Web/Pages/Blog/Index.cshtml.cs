using FacetEducation.Web.Content;
using FacetEducation.Web.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FacetEducation.Web.Pages.Blog;

[ContentPage]
public sealed class IndexModel(ContentStore store, ClinicClock clock) : PageModel
{
    public IReadOnlyList<Article> Posts { get; private set; } = [];

    public void OnGet() => Posts = [.. store.Current.PostsPublishedBy(clock.Today)];
}
