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

    /// <summary>The two care cards every condition article needs: when to call 999 (immediate) and
    /// when to get help today (urgent).</summary>
    public const string CareCards = """

        ::: immediate Call 999 or go to A&E now if:
        - you cannot feel your legs
        :::

        ::: urgent Ask for an urgent GP appointment or call 111 if:
        - the pain is getting worse
        :::

        """;

    /// <summary>A valid condition article with the given body; <see cref="CareCards"/> are added at its
    /// end unless the body has care cards of its own or <paramref name="withCareCards"/> is false.</summary>
    public static string Condition(string title, string body, string extraFrontMatter = "", bool withCareCards = true) => $"""
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
        {body}{(withCareCards && !HasCareCards(body) ? CareCards : "")}
        """;

    /// <summary>The 1-based number of the first line of <paramref name="text"/> that holds
    /// <paramref name="snippet"/>: where a finding about that line must point, whatever comes before it.</summary>
    public static int LineOf(string text, string snippet)
    {
        var index = Array.FindIndex(text.Split('\n'), l => l.Contains(snippet, StringComparison.Ordinal));
        Assert.True(index >= 0, $"'{snippet}' is not in the text");
        return index + 1;
    }

    private static bool HasCareCards(string body) =>
        body.Contains("::: immediate", StringComparison.Ordinal) || body.Contains("::: urgent", StringComparison.Ordinal);

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
