namespace FacetEducation.Web.Content;

/// <summary>The three kinds of Markdown document, one per folder under <c>content/</c>.</summary>
public enum ArticleKind
{
    /// <summary><c>content/conditions/</c>, served at <c>/conditions/{slug}</c>.</summary>
    Condition,

    /// <summary><c>content/blog/</c>, served at <c>/blog/{slug}</c>.</summary>
    Post,

    /// <summary><c>content/pages/</c>, served at <c>/{slug}</c>.</summary>
    Page,
}

public static class ArticleKindExtensions
{
    public static string Folder(this ArticleKind kind) => kind switch
    {
        ArticleKind.Condition => "conditions",
        ArticleKind.Post => "blog",
        _ => "pages",
    };

    public static string UrlFor(this ArticleKind kind, string slug) => kind switch
    {
        ArticleKind.Condition => "/conditions/" + slug,
        ArticleKind.Post => "/blog/" + slug,
        _ => "/" + slug,
    };
}
