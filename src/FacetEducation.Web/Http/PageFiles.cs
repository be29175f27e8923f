using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using FacetEducation.Web.Hosting;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Http;

/// <summary>
/// The static copy as plain files that nginx serves before it asks the site (<c>Site:PageFilesPath</c>,
/// set by deploy/'s environment file). Each page <see cref="StaticCopy"/> keeps for the public
/// address is also written as <c>{generation}/{path}/page.br</c>, <c>page.gz</c> or <c>page.html</c>,
/// dated with the page's <c>Last-Modified</c>, readable by nginx's user.
/// </summary>
/// <remarks>
/// One folder per generation of the copy (content version and clinic date), and <c>current</c>, a
/// symbolic link to the folder of the generation being served, replaced in one <c>rename</c> when the
/// content or the date changes. The new folder starts empty, so nginx asks the site again at once and
/// never mixes two versions of the content; every other folder is deleted then (a file nginx still has
/// open stays readable until it closes it). The headers the site sends with a page (security headers,
/// caching) are written in the nginx site's page location, and a test holds the two the same.
/// </remarks>
internal sealed partial class PageFiles
{
    public const string CurrentLink = "current";

    /// <summary>nginx runs as another user: folders it must enter and files it must read, whatever the
    /// service's <c>UMask</c>. Pages are public.</summary>
    private const UnixFileMode FolderMode = (UnixFileMode)0b111_101_101;

    private const UnixFileMode FileMode = (UnixFileMode)0b110_100_100;

    private readonly string? _root;
    private readonly ILogger<PageFiles> _logger;
    private readonly Lock _lock = new();

    /// <summary>Tells this process's folders from those of an earlier run, which are deleted.</summary>
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private long _generation = -1;
    private string? _folder;
    private bool _failing;

    public PageFiles(IOptions<SiteOptions> options, ILogger<PageFiles> logger)
    {
        _root = options.Value.PageFilesPath is { Length: > 0 } path ? Path.GetFullPath(path) : null;
        _logger = logger;
    }

    public bool Enabled => _root is not null;

    /// <summary>The file name nginx looks for, by the encoding the page was sent in (nginx's
    /// <c>$facet_page_file</c> map), or null for an encoding nginx does not ask for.</summary>
    public static string? FileName(string? contentEncoding) => contentEncoding switch
    {
        null or "" => "page.html",
        "br" => "page.br",
        "gzip" => "page.gz",
        _ => null,
    };

    /// <summary>Makes <paramref name="generation"/>'s empty folder the one nginx serves. Generations only
    /// move forward: a late call for an older one changes nothing.</summary>
    public void Begin(long generation)
    {
        // Validated at start: never set on Windows.
        if (_root is null || OperatingSystem.IsWindows())
        {
            return;
        }

        lock (_lock)
        {
            if (generation <= _generation)
            {
                return;
            }

            _generation = generation;
            _folder = null;
            try
            {
                CreateFolder(_root);
                var name = string.Create(CultureInfo.InvariantCulture, $"{_run}-{generation}");
                var folder = Path.Combine(_root, name);
                CreateFolder(folder);
                var next = Path.Combine(_root, CurrentLink + ".next");
                File.Delete(next);
                File.CreateSymbolicLink(next, name);
                // File.Move refuses a link to a folder; rename(2) replaces the old link in one step.
                if (NativeMethods.Rename(next, Path.Combine(_root, CurrentLink)) != 0)
                {
                    throw new IOException($"rename to {CurrentLink} failed with error {Marshal.GetLastPInvokeError()}");
                }

                _folder = folder;
                DeleteOthers(name);
                Recovered();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Failed(ex);
            }
        }
    }

    /// <summary>Writes one page of <paramref name="generation"/>, if that is still the one being served
    /// and the path is a plain lower-case page address (nothing nginx would read differently).</summary>
    public async Task WriteAsync(long generation, string path, string fileName, byte[] body, DateTimeOffset? lastModified)
    {
        var folder = Volatile.Read(ref _folder);
        if (folder is null || OperatingSystem.IsWindows() || Volatile.Read(ref _generation) != generation || !IsPagePath(path))
        {
            return;
        }

        try
        {
            // Each level made readable on its own: the service's UMask would otherwise close the ones
            // Directory.CreateDirectory makes on the way.
            var pageFolder = folder;
            foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                pageFolder = Path.Combine(pageFolder, segment);
                CreateFolder(pageFolder);
            }

            var file = Path.Combine(pageFolder, fileName);
            // Written beside and renamed into place, so nginx never reads half a page.
            var temp = file + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
            await File.WriteAllBytesAsync(temp, body);
            File.SetUnixFileMode(temp, FileMode);
            if (lastModified is { } modified)
            {
                File.SetLastWriteTimeUtc(temp, modified.UtcDateTime);
            }

            File.Move(temp, file, overwrite: true);
            Recovered();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The generation was replaced while writing (its folder deleted), or the disk is full:
            // nginx asks the site for this page, as it would without the file.
            if (Volatile.Read(ref _generation) == generation)
            {
                Failed(ex);
            }
        }
    }

    /// <summary>An address whose page may be written: see <see cref="PagePath"/>.</summary>
    public static bool IsPagePath(string path) => PagePath().IsMatch(path);

    [UnsupportedOSPlatform("windows")]
    private static void CreateFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            File.SetUnixFileMode(folder, FolderMode);
        }
    }

    private void DeleteOthers(string keep)
    {
        foreach (var entry in new DirectoryInfo(_root!).EnumerateFileSystemInfos())
        {
            if (entry.Name == keep || entry.Name == CurrentLink)
            {
                continue;
            }

            if (entry is DirectoryInfo { LinkTarget: null } folder)
            {
                folder.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }

    private void Failed(Exception ex)
    {
        if (!_failing)
        {
            _failing = true;
            _logger.LogWarning(ex, "The static copy's files in {Folder} cannot be written; nginx asks the site for the pages instead", _root);
        }
    }

    private void Recovered()
    {
        if (_failing)
        {
            _failing = false;
            _logger.LogInformation("The static copy's files in {Folder} are written again", _root);
        }
    }

    /// <summary>Lower-case letters, digits and hyphens between slashes: every content page's address,
    /// and nothing with a dot, a percent sign or a case nginx would map to another file.</summary>
    [GeneratedRegex("^/([a-z0-9-]+(/[a-z0-9-]+)*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PagePath();

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
        public static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);
    }
}
