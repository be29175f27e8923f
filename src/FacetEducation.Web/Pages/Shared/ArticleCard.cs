using FacetEducation.Web.Content;

namespace FacetEducation.Web.Pages.Shared;

/// <summary>An article in a list of cards. <paramref name="HeadingLevel"/> is one below the heading
/// the list sits under (2 straight under the page's h1, as on /blog; 3 under a section's h2), so
/// the page's outline never skips a level.</summary>
public sealed record ArticleCard(Article Article, int HeadingLevel);
