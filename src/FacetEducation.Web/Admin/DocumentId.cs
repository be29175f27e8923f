using FacetEducation.Web.Content;

namespace FacetEducation.Web.Admin;

/// <summary>
/// Names one document the editor can open: its kind (the folder) and slug (the file name). Both are
/// checked against fixed patterns before anything touches the disk, so a slug such as
/// <c>../../etc/passwd</c> is refused rather than resolved.
/// </summary>
public sealed record DocumentId(ArticleKind Kind, string Slug)
{
    /// <summary>The path under <c>content/</c>, with forward slashes, as revisions and findings name it.</summary>
    public string RelativePath => $"{Kind.Folder()}/{Slug}.md";

    public string EditUrl => $"/admin/edit/{Kind.Folder()}/{Slug}";

    public string HistoryUrl => $"/admin/history/{Kind.Folder()}/{Slug}";

    public string PublicUrl => Kind.UrlFor(Slug);

    public static bool TryParseFolder(string? folder, out ArticleKind kind)
    {
        foreach (var candidate in Enum.GetValues<ArticleKind>())
        {
            if (string.Equals(candidate.Folder(), folder, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static bool TryCreate(string? folder, string? slug, out DocumentId id)
    {
        id = null!;
        if (!TryParseFolder(folder, out var kind) || slug is null || slug.Length > 80 || !ArticleParser.SlugPattern().IsMatch(slug))
        {
            return false;
        }

        id = new DocumentId(kind, slug);
        return true;
    }

    public static bool TryFromRelativePath(string path, out DocumentId id)
    {
        var parts = path.Split('/');
        id = null!;
        return parts.Length == 2 && parts[1].EndsWith(".md", StringComparison.Ordinal)
            && TryCreate(parts[0], parts[1][..^3], out id);
    }

    /// <summary>The file's full path, proven to lie inside <paramref name="contentRoot"/>.</summary>
    public string FullPath(string contentRoot)
    {
        var root = Path.GetFullPath(contentRoot);
        var full = Path.GetFullPath(Path.Combine(root, Kind.Folder(), Slug + ".md"));
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new InvalidOperationException("A document path left the content folder.");
    }

    public static string KindName(ArticleKind kind) => kind switch
    {
        ArticleKind.Condition => "Condition article",
        ArticleKind.Post => "Blog post",
        _ => "Clinic page",
    };
}
