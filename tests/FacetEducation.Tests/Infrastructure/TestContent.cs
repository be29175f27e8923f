namespace FacetEducation.Tests.Infrastructure;

/// <summary>Paths to the repository's shipped content and helpers to build small test articles.</summary>
public static class TestContent
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ShippedContentPath => Path.Combine(RepositoryRoot, "content");

    public static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(destination, Path.GetRelativePath(source, file)), overwrite: true);
        }
    }

    /// <summary>A valid condition article with the given body.</summary>
    public static string Condition(string title, string body, string extraFrontMatter = "") => $"""
        ---
        title: {title}
        summary: A short summary of {title}.
        regions: [lumbar]
        reviewer:
          name: Test Reviewer
        lastReviewed: 2026-01-10
        nextReviewDue: 2029-01-10
        {extraFrontMatter}
        ---
        {body}
        """;

    /// <summary>A valid blog post with the given body.</summary>
    public static string Post(string title, string body, string published = "2026-02-01") => $"""
        ---
        title: {title}
        summary: A short summary of {title}.
        author: Test Author
        published: {published}
        ---
        {body}
        """;

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FacetEducation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (FacetEducation.sln) above " + AppContext.BaseDirectory);
    }
}
