namespace FacetEducation.Web.Content;

/// <summary>
/// One immutable version of everything the public site shows. The store swaps in a new snapshot
/// when a reload finishes, so a request sees either the old content or the new, never a mix.
/// </summary>
public sealed class ContentSnapshot
{
    private HashSet<string>? _urls;

    public ContentSnapshot(long version, ClinicProfile clinic, IReadOnlyList<Article> published,
        IReadOnlyList<ContentError> errors, DateTimeOffset loadedAt, IReadOnlyDictionary<string, string?>? files = null)
    {
        Files = files ?? new Dictionary<string, string?>();
        Version = version;
        Clinic = clinic;
        Published = published;
        Errors = errors;
        LoadedAt = loadedAt;
        Conditions = published.Where(a => a.Kind == ArticleKind.Condition).ToDictionary(a => a.Slug, StringComparer.Ordinal);
        Posts = published.Where(a => a.Kind == ArticleKind.Post).ToDictionary(a => a.Slug, StringComparer.Ordinal);
        Pages = published.Where(a => a.Kind == ArticleKind.Page).ToDictionary(a => a.Slug, StringComparer.Ordinal);
        PostsNewestFirst = [.. Posts.Values.OrderByDescending(p => p.Published).ThenBy(p => p.Title, StringComparer.Ordinal)];
        ConditionsByTitle = [.. Conditions.Values.OrderBy(a => a.Title, StringComparer.OrdinalIgnoreCase)];
        LastModified = published.Select(a => a.LastModified).DefaultIfEmpty(loadedAt).Max();
    }

    /// <summary>Increases with every reload; caches key on it.</summary>
    public long Version { get; }

    public ClinicProfile Clinic { get; }

    /// <summary>Every document that passed its checks and is not a draft (future posts included).</summary>
    public IReadOnlyList<Article> Published { get; }

    /// <summary>Why files were not published in this version.</summary>
    public IReadOnlyList<ContentError> Errors { get; }

    /// <summary>Files (relative paths) whose newest text broke a rule that blocks publishing while an
    /// earlier version of them stays live: the dashboard says so instead of "Published".</summary>
    public IReadOnlySet<string> LastGoodLive { get; init; } = new HashSet<string>();

    public DateTimeOffset LoadedAt { get; }

    /// <summary>Every Markdown file this version was loaded from, published or not: its path relative to
    /// the content folder (forward slashes) and the <see cref="TextHash"/> of the text that was read
    /// (null when it could not be read). Comparing two versions tells which files changed.</summary>
    public IReadOnlyDictionary<string, string?> Files { get; }

    /// <summary>The web address of every published document, for link checks.</summary>
    public IReadOnlySet<string> Urls => _urls ??= new HashSet<string>(Published.Select(a => a.Url), StringComparer.Ordinal);

    public DateTimeOffset LastModified { get; }

    public IReadOnlyDictionary<string, Article> Conditions { get; }

    public IReadOnlyList<Article> ConditionsByTitle { get; }

    public IReadOnlyDictionary<string, Article> Pages { get; }

    private IReadOnlyDictionary<string, Article> Posts { get; }

    private IReadOnlyList<Article> PostsNewestFirst { get; }

    /// <summary>Posts whose publish date has come, newest first.</summary>
    public IEnumerable<Article> PostsPublishedBy(DateOnly today) =>
        PostsNewestFirst.Where(p => p.Published is null || p.Published <= today);

    public Article? FindPost(string slug, DateOnly today) =>
        Posts.TryGetValue(slug, out var post) && (post.Published is null || post.Published <= today) ? post : null;

    public Article? FindCondition(string slug) => Conditions.GetValueOrDefault(slug);

    public Article? FindPage(string slug) => Pages.GetValueOrDefault(slug);

    /// <summary>Published articles by slug, for "related articles" (conditions first, then posts).</summary>
    public IEnumerable<Article> Related(Article article, DateOnly today)
    {
        foreach (var slug in article.Related)
        {
            if (Conditions.GetValueOrDefault(slug) is { } condition && condition != article)
            {
                yield return condition;
            }
            else if (FindPost(slug, today) is { } post && post != article)
            {
                yield return post;
            }
        }
    }
}
