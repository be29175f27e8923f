using FacetEducation.Web.Content;
using FacetEducation.Web.Enquiries;

namespace FacetEducation.Web.Data;

/// <summary>
/// The folders the site keeps its state in, read from configuration by the same rules as the site
/// (so the backup and restore commands find what the site uses): the data folder of the editor
/// (<c>Data:Path</c>), the one of the enquiries (<c>Enquiries:DataPath</c>, by default the same),
/// the content folder (<c>Content:Path</c>) and the data-protection certificate.
/// </summary>
internal sealed record SiteFolders(string Data, string Enquiries, string? ConfiguredContent, string ContentRoot, DataProtectionKeyOptions Certificate)
{
    public const string EditorDatabase = "editor.db";
    public const string EnquiriesDatabase = "enquiries.db";
    public const string Keys = "keys";
    public const string Pickup = "pickup";

    public static SiteFolders From(IConfiguration configuration, string contentRoot)
    {
        var data = configuration.GetSection(DataOptions.Section).Get<DataOptions>() ?? new();
        var enquiries = configuration.GetSection(EnquiryOptions.Section).Get<EnquiryOptions>() ?? new();
        return new SiteFolders(
            data.Resolve(contentRoot),
            EnquiryPaths.Resolve(enquiries, data, contentRoot),
            configuration[ContentOptions.Section + ":Path"] is { Length: > 0 } content ? Path.GetFullPath(content, contentRoot) : null,
            contentRoot,
            configuration.GetSection(DataProtectionKeyOptions.Section).Get<DataProtectionKeyOptions>() ?? new());
    }

    /// <summary>The content folder as the site finds it (Content:Path, or the nearest content/ with a clinic.yml).</summary>
    public string Content => ContentPaths.Resolve(ConfiguredContent, ContentRoot);

    /// <summary>Where each database lives, by its file name.</summary>
    public string FolderOf(string database) => database == EditorDatabase ? Data : Enquiries;

    /// <summary>The distinct data folders (one, unless Enquiries:DataPath is set apart).</summary>
    public IEnumerable<string> DataFolders => new[] { Data, Enquiries }.Distinct(StringComparer.Ordinal);
}
