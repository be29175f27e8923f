using System.ComponentModel.DataAnnotations;

namespace FacetEducation.Web.Content;

/// <summary>Where the content lives and the limits applied when loading it (section <c>Content</c>).</summary>
public sealed class ContentOptions
{
    public const string Section = "Content";

    /// <summary>
    /// The content folder. Empty means: the nearest folder named <c>content</c> that holds a
    /// <c>clinic.yml</c>, searched upward from the working directory and the app's own folder,
    /// so that <c>dotnet run</c> from the repository root serves the shipped content.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>A Markdown file larger than this is refused (logged, not published), so one huge
    /// file cannot slow down every reload.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxFileBytes { get; set; } = 512 * 1024;

    /// <summary>Watch the folder and reload on change. Tests that write many files turn it off and
    /// call <see cref="ContentStore.Reload"/> themselves.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>
    /// How often the folder's fingerprint (every file's name, size and modification time) is
    /// compared with the last one seen, reloading when it differs; zero (the default) turns it off.
    /// File-system events do not cross machines: an instance that shares the content folder over
    /// the network (docs/scaling.md) hears of another's change only this way. Between 100 ms and
    /// one hour.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.Zero;

    /// <summary>The time zone in which publish dates and "today" are read.</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/London";
}
