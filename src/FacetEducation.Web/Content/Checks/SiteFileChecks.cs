using FacetEducation.Web.Search;

namespace FacetEducation.Web.Content.Checks;

/// <summary>
/// The checks of the two settings files at the top of <c>content/</c>, with the readers the site
/// loads them with (<see cref="ClinicProfile.Read"/>, <see cref="SynonymsFile.Check"/>), as findings:
/// the editor's save of <c>clinic.yml</c> or <c>synonyms.yml</c> goes through the same report as an
/// article's, and refuses to publish what the site would not load.
/// </summary>
public static class SiteFileChecks
{
    public static CheckReport Run(string relativePath, string text) => relativePath switch
    {
        ContentPaths.ClinicFile => Report([.. ClinicProfile.Read(text).Problems
            .Select(p => new ContentFinding(ContentRules.ClinicProfile, relativePath, p.Line, p.Message))]),
        SynonymsFile.FileName => SynonymsFile.Check(text) is { Problem: { } problem } read
            ? Report([new ContentFinding(ContentRules.SynonymGroups, relativePath, read.Line, problem)])
            : Report([]),
        _ => throw new ArgumentException($"{relativePath} is not a settings file.", nameof(relativePath)),
    };

    private static CheckReport Report(IReadOnlyList<ContentFinding> findings) => new(null, findings, null);
}
