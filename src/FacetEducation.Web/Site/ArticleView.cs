using FacetEducation.Web.Content;

namespace FacetEducation.Web.Site;

/// <summary>What the article template needs besides the article: the trail to it, its reviewer
/// (with the registration from the clinic profile when the article gives none), related articles
/// and the page's full address for the printed handout.</summary>
public sealed record ArticleView(
    Article Article,
    ClinicProfile Clinic,
    IReadOnlyList<Crumb> Breadcrumbs,
    Reviewer? Reviewer,
    IReadOnlyList<Article> Related,
    string AbsoluteUrl)
{
    public static ArticleView Create(Article article, ContentSnapshot snapshot, DateOnly today, SiteUrls urls)
    {
        List<Crumb> trail = [new("Home", "/")];
        switch (article.Kind)
        {
            case ArticleKind.Condition:
                trail.Add(new("Back and neck conditions", "/conditions"));
                break;
            case ArticleKind.Post:
                trail.Add(new("Blog", "/blog"));
                break;
            default:
                break;
        }

        trail.Add(new(article.Title, article.Url));
        var reviewer = article.Reviewer is { } r
            ? r with { Registration = r.Registration ?? snapshot.Clinic.FindClinician(r.Name)?.Registration }
            : null;
        return new ArticleView(article, snapshot.Clinic, trail, reviewer, [.. snapshot.Related(article, today)], urls.Absolute(article.Url));
    }

    /// <summary>The breadcrumb trail as schema.org JSON-LD.</summary>
    public string BreadcrumbJsonLd(SiteUrls urls) => JsonLd.Breadcrumbs(Breadcrumbs.Select(c => (c.Name, urls.Absolute(c.Url))));
}

public sealed record Crumb(string Name, string Url);
