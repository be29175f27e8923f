using FacetEducation.Web.Content;

namespace FacetEducation.Web.Admin;

/// <summary>
/// Names one document the editor can open: its kind (the folder) and slug (the file name). Both are
/// checked against fixed patterns before anything touches the disk, so a slug such as
/// <c>../../etc/passwd</c> is refused rather than resolved. It also names the clinic's two settings
/// files at the top of <c>content/</c> (<see cref="Clinic"/>, <see cref="Synonyms"/>), which go through
/// the same saves, revisions and history as articles, without sign-off.
/// </summary>
public sealed record DocumentId(ArticleKind Kind, string Slug)
{
    /// <summary>The folder name the history's address uses for the settings files.</summary>
    public const string SiteFolder = "site";

    /// <summary><c>content/clinic.yml</c>: the clinic's details, edited on <c>/admin/clinic</c>.</summary>
    public static DocumentId Clinic { get; } = new(ArticleKind.Page, "clinic") { SiteFile = ContentPaths.ClinicFile };

    /// <summary><c>content/synonyms.yml</c>: the search synonyms, edited on <c>/admin/synonyms</c>.</summary>
    public static DocumentId Synonyms { get; } = new(ArticleKind.Page, "synonyms") { SiteFile = Search.SynonymsFile.FileName };

    /// <summary>The settings file's name when this is one (<c>clinic.yml</c>); null for an article.</summary>
    public string? SiteFile { get; private init; }

    /// <summary>The path under <c>content/</c>, with forward slashes, as revisions and findings name it.</summary>
    public string RelativePath => SiteFile ?? $"{Kind.Folder()}/{Slug}.md";

    public string EditUrl => SiteFile is null ? $"/admin/edit/{Kind.Folder()}/{Slug}" : $"/admin/{Slug}";

    public string HistoryUrl => $"/admin/history/{(SiteFile is null ? Kind.Folder() : SiteFolder)}/{Slug}";

    public string PublicUrl => SiteFile is null ? Kind.UrlFor(Slug) : this == Synonyms ? "/search" : "/contact";

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
        if (folder == SiteFolder)
        {
            id = slug == Clinic.Slug ? Clinic : slug == Synonyms.Slug ? Synonyms : null!;
            return id is not null;
        }

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
        var full = Path.GetFullPath(SiteFile is null ? Path.Combine(root, Kind.Folder(), Slug + ".md") : Path.Combine(root, SiteFile));
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
