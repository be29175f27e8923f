using FacetEducation.Web.Content;

namespace FacetEducation.Web.Admin;

/// <summary>One document of the public site as the editor offers it by title: for the link picker
/// (its address) and for "Related articles" (its slug).</summary>
public sealed record LinkTarget(ArticleKind Kind, string Slug, string Title)
{
    /// <summary>The site's own address for the document (<see cref="ArticleKindExtensions.UrlFor"/>).</summary>
    public string Url => Kind.UrlFor(Slug);

    public string KindName => DocumentId.KindName(Kind);
}

/// <summary>The documents the editor offers by title: those the public site has now (a draft, or an article
/// waiting for its first sign-off, has no page a link could reach yet), in title order.</summary>
public static class LinkTargets
{
    /// <summary>Every published document, pages included, for the link picker.</summary>
    public static IReadOnlyList<LinkTarget> ForLinks(ContentSnapshot snapshot) =>
        [.. snapshot.Published.Select(a => new LinkTarget(a.Kind, a.Slug, a.Title))
            .OrderBy(t => t.Title, StringComparer.CurrentCultureIgnoreCase).ThenBy(t => t.Kind)];

    /// <summary>The condition articles and posts <paramref name="self"/> may name as related (the kinds
    /// <see cref="ContentSnapshot.Related"/> looks a slug up in), without itself.</summary>
    public static IReadOnlyList<LinkTarget> ForRelated(ContentSnapshot snapshot, DocumentId self) =>
        [.. ForLinks(snapshot).Where(t => t.Kind is ArticleKind.Condition or ArticleKind.Post && !(t.Kind == self.Kind && t.Slug == self.Slug))
            // A slug both kinds use names the condition article, as the public page reads it.
            .OrderBy(t => t.Kind).DistinctBy(t => t.Slug, StringComparer.Ordinal)
            .OrderBy(t => t.Title, StringComparer.CurrentCultureIgnoreCase)];
}
