namespace FacetEducation.Web.Content;

internal static class ContentPaths
{
    public const string ClinicFile = "clinic.yml";

    /// <summary>The configured folder, or the nearest <c>content/</c> holding a clinic profile above
    /// the working directory or the app's folder (so <c>dotnet run</c> from anywhere in the repository
    /// serves the repository's content).</summary>
    public static string Resolve(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured, contentRoot);
            return Directory.Exists(full)
                ? full
                : throw new InvalidOperationException($"Content:Path '{configured}' does not exist (resolved to {full}).");
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), contentRoot, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "content");
                if (File.Exists(Path.Combine(candidate, ClinicFile)))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            "No content folder found: set Content:Path to the folder that holds clinic.yml, conditions/, blog/ and pages/.");
    }
}
