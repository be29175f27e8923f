using System.ComponentModel.DataAnnotations;

namespace FacetEducation.Web.Data;

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

    /// <summary>
    /// Below this much free space (in megabytes) on the data folder's disk, <c>/healthz</c> reports
    /// Degraded, so the operator hears of a filling disk before enquiries stop being stored. 0 turns
    /// the warning off.
    /// </summary>
    [Range(0, 10_000_000, ErrorMessage = "Data:MinimumFreeMegabytes must be between 0 and 10000000.")]
    public long MinimumFreeMegabytes { get; set; } = 100;

    /// <summary>
    /// Where the shared stores live: <see cref="DataProvider.Sqlite"/> (files in <see cref="Path"/>,
    /// one instance) or <see cref="DataProvider.Postgres"/> (<c>ConnectionStrings:Clinic</c>, several
    /// instances; see <c>Data/Postgres/ClinicDatabase.cs</c> for what has moved there).
    /// </summary>
    public DataProvider Provider { get; set; } = DataProvider.Sqlite;

    public string Resolve(string contentRoot) =>
        System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(Path) ? "data" : Path, contentRoot);
}
