namespace FacetEducation.Web.Site;

/// <summary>
/// The one folder for the site's own runtime data (section <c>Data</c>): the editor's revisions and
/// sign-in lockouts, and, unless <c>Enquiries:DataPath</c> points elsewhere, the enquiry outbox, the
/// pickup folder and the data-protection keys. Never inside <c>content/</c>: nothing here is public.
/// </summary>
public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>Absolute, or relative to the app's content root; default <c>data</c> (git-ignored).</summary>
    public string? Path { get; set; }

    public string Resolve(string contentRoot) =>
        System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(Path) ? "data" : Path, contentRoot);
}
