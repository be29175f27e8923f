using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using FacetEducation.Web.Seo;

namespace FacetEducation.Web.Pages.Shared;

/// <summary>What the article template needs besides the article: the trail to it, its review line,
/// related articles and the page's full address for the printed handout.</summary>
public sealed record ArticleView(
    Article Article,
    ClinicProfile Clinic,
    IReadOnlyList<Crumb> Breadcrumbs,
    ReviewLine Review,
    IReadOnlyList<Article> Related,
    string AbsoluteUrl)
{
    /// <summary>The public page: a review is shown only when a sign-off in this site backs it.</summary>
    public static ArticleView Create(Article article, ContentSnapshot snapshot, DateOnly today, SiteUrls urls, ReviewRecords reviews) =>
        Create(article, snapshot, today, urls, ReviewLine.For(article, snapshot.Clinic, reviews));

    /// <summary>The editor's preview: the review as the version would be published when signed off.</summary>
    public static ArticleView Preview(Article article, ContentSnapshot snapshot, DateOnly today, SiteUrls urls) =>
        Create(article, snapshot, today, urls, ReviewLine.AsWritten(article, snapshot.Clinic));

    private static ArticleView Create(Article article, ContentSnapshot snapshot, DateOnly today, SiteUrls urls, ReviewLine review)
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
        return new ArticleView(article, snapshot.Clinic, trail, review, [.. snapshot.Related(article, today)], urls.Absolute(article.Url));
    }

    /// <summary>The breadcrumb trail as schema.org JSON-LD.</summary>
    public string BreadcrumbJsonLd(SiteUrls urls) => JsonLd.Breadcrumbs(Breadcrumbs.Select(c => (c.Name, urls.Absolute(c.Url))));
}

public sealed record Crumb(string Name, string Url);

/// <summary>What a condition article's page says about its review.</summary>
public enum ReviewLineKind
{
    /// <summary>Not a condition article: no review line.</summary>
    None,

    /// <summary>A review a sign-off backs: the date, the next one due, who did it, and any later minor change.</summary>
    Reviewed,

    /// <summary>No clinician has signed it off yet.</summary>
    AwaitingFirstReview,

    /// <summary>Its reviewer or dates were not written by a sign-off here: not shown until a reviewer signs it off.</summary>
    AwaitingReview,
}

/// <summary>
/// The review line of a condition article's page and handout (and its JSON-LD): who did the last full
/// review and when, the next review due, and "Last updated" for a minor change signed off since. A minor
/// change never moves the reviewer's name or the review date. The reviewer's registration comes from the
/// clinic profile when the article gives none.
/// </summary>
public sealed record ReviewLine(ReviewLineKind Kind, DateOnly? LastReviewed = null, DateOnly? NextReviewDue = null, Reviewer? Reviewer = null, DateOnly? LastUpdated = null)
{
    public static ReviewLine For(Article article, ClinicProfile clinic, ReviewRecords reviews)
    {
        if (article.Kind != ArticleKind.Condition)
        {
            return new(ReviewLineKind.None);
        }

        return reviews.StandingOf(article) switch
        {
            ReviewStanding.NoClaim => new(ReviewLineKind.AwaitingFirstReview),
            ReviewStanding.SignedOff => Reviewed(article, clinic, reviews.For(article.SourcePath)?.LastUpdated),
            _ => new(ReviewLineKind.AwaitingReview),
        };
    }

    public static ReviewLine AsWritten(Article article, ClinicProfile clinic) =>
        article.Kind != ArticleKind.Condition ? new(ReviewLineKind.None)
        : ReviewClaim.Of(article) is null ? new(ReviewLineKind.AwaitingFirstReview)
        : Reviewed(article, clinic, lastUpdated: null);

    private static ReviewLine Reviewed(Article article, ClinicProfile clinic, DateOnly? lastUpdated)
    {
        var reviewer = article.Reviewer!;
        return new(ReviewLineKind.Reviewed, article.LastReviewed, article.NextReviewDue,
            reviewer with { Registration = reviewer.Registration ?? clinic.FindClinician(reviewer.Name)?.Registration },
            lastUpdated > article.LastReviewed ? lastUpdated : null);
    }
}
