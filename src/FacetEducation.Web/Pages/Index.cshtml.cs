using FacetEducation.Web.Content;
using FacetEducation.Web.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FacetEducation.Web.Pages;

[ContentPage]
public sealed class IndexModel(ContentStore store, ClinicClock clock) : PageModel
{
    /// <summary>How many posts the home page lists.</summary>
    public const int LatestPostCount = 6;

    public ClinicProfile Clinic { get; private set; } = new();

    public IReadOnlyList<Article> Featured { get; private set; } = [];

    public IReadOnlyList<Article> LatestPosts { get; private set; } = [];

    public void OnGet()
    {
        var snapshot = store.Current;
        Clinic = snapshot.Clinic;
        var featured = snapshot.ConditionsByTitle.Where(a => a.Featured).ToList();
        Featured = featured.Count > 0 ? featured : snapshot.ConditionsByTitle;
        LatestPosts = [.. snapshot.PostsPublishedBy(clock.Today).Take(LatestPostCount)];
    }
}
