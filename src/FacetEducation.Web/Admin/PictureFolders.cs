using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;

namespace FacetEducation.Web.Admin;

/// <summary>One stored picture: its file name and whether visitors can see it at <c>/images/{name}</c>.</summary>
public sealed record StoredPicture(string Name, bool IsPublic, long Length);

/// <summary>
/// The pictures' two folders, both in the content folder so that every instance sharing it sees the
/// same pictures, and backups and restores carry them. <c>content/images/</c> is public (served at
/// <c>/images/</c>, and the only folder the content checks of the public site count). An upload
/// lands in <c>content/.unpublished-images/</c>, which nothing public serves (the image endpoint takes
/// bare names of <c>images/</c> only, and the content store skips dot folders); it moves to
/// <c>images/</c>, keeping its name, when a version that uses it is written to <c>content/</c>
/// (<see cref="DocumentFiles.WriteAsync"/>): a post or page when saved, a condition article when a
/// reviewer signs it off. So the Markdown <c>![...](/images/name)</c> is the same before and after,
/// and a picture for an unsigned draft is never public. A name is unique across both folders.
/// </summary>
public sealed partial class PictureFolders(ContentStore store, ILogger<PictureFolders> logger)
{
    public const string UnpublishedFolderName = ".unpublished-images";

    [GeneratedRegex(@"/images/([A-Za-z0-9][A-Za-z0-9._-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    [GeneratedRegex(@"src=""/images/([A-Za-z0-9][A-Za-z0-9._-]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex ImageSource();

    public string PublicFolder => Path.Combine(store.Root, "images");

    public string UnpublishedFolder => Path.Combine(store.Root, UnpublishedFolderName);

    /// <summary>Whether either folder is a link: the site never writes through one.</summary>
    public bool AnyFolderIsLink =>
        ContentFile.IsLink(new DirectoryInfo(PublicFolder)) || ContentFile.IsLink(new DirectoryInfo(UnpublishedFolder));

    /// <summary>The address the signed-in editor sees any stored picture at (the Pictures page's thumbnails, the preview).</summary>
    public static string EditorUrl(string name) => "/admin/images/file?name=" + Uri.EscapeDataString(name);

    /// <summary>Whether <paramref name="name"/> waits, unpublished, by the same rules as a public picture (a plain file, no link).</summary>
    public bool IsUnpublished(string name) => IsBareName(name) && ContentFile.IsPlainFile(store.Root, Path.Combine(UnpublishedFolder, name));

    /// <summary>Whether <paramref name="name"/> is stored at all, public or not.</summary>
    public bool Exists(string name) => store.ImageExists(name) || IsUnpublished(name);

    /// <summary>The editor's checks count an unpublished picture as there: writing the version to
    /// <c>content/</c> publishes it. The public site's own checks never do.</summary>
    public CheckContext ForEditor(CheckContext context) => context with { ImageExists = Exists };

    /// <summary>Every stored picture, by name.</summary>
    public IReadOnlyList<StoredPicture> List()
    {
        var pictures = new List<StoredPicture>();
        foreach (var (folder, isPublic) in new[] { (PublicFolder, true), (UnpublishedFolder, false) })
        {
            if (!Directory.Exists(folder) || ContentFile.IsLink(new DirectoryInfo(folder)))
            {
                continue;
            }

            foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
            {
                if (isPublic ? store.ImageExists(file.Name) : IsUnpublished(file.Name))
                {
                    pictures.Add(new StoredPicture(file.Name, isPublic, file.Length));
                }
            }
        }

        return [.. pictures.OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    /// <summary>The stored picture whose bytes are exactly one of <paramref name="candidates"/> (the file
    /// as uploaded, and as it would be stored), if any: the same file uploaded twice is one picture.
    /// Only files of the same length are read.</summary>
    public string? FindSame(params byte[][] candidates)
    {
        var hashes = candidates.Select(c => (c.Length, Hash: SHA256.HashData(c))).ToList();
        foreach (var picture in List())
        {
            if (!hashes.Any(h => h.Length == picture.Length))
            {
                continue;
            }

            using var stream = OpenRead(picture.Name);
            if (stream is not null && SHA256.HashData(stream) is var hash && hashes.Any(h => h.Hash.AsSpan().SequenceEqual(hash)))
            {
                return picture.Name;
            }
        }

        return null;
    }

    /// <summary><paramref name="stem"/><paramref name="extension"/>, or with -2, -3... until no file
    /// (nor link, even a broken one: File.Exists is true for it) has that name in either folder.</summary>
    public string FreeName(string stem, string extension)
    {
        var fileName = stem + extension;
        for (var n = 2; File.Exists(Path.Combine(PublicFolder, fileName)) || File.Exists(Path.Combine(UnpublishedFolder, fileName)); n++)
        {
            fileName = $"{stem}-{n}{extension}";
        }

        return fileName;
    }

    /// <summary>Stores a new picture, unpublished, under <paramref name="fileName"/> (from <see cref="FreeName"/>).</summary>
    public async Task AddUnpublishedAsync(string fileName, byte[] data, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(UnpublishedFolder);
        var target = Inside(UnpublishedFolder, fileName);
        var temporary = Path.Combine(UnpublishedFolder, $".{fileName}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllBytesAsync(temporary, data, cancellationToken);
        File.Move(temporary, target, overwrite: false);
    }

    /// <summary>Makes public every unpublished picture <paramref name="text"/> refers to, before the text
    /// itself is written to <c>content/</c>, so the page never names a picture visitors cannot see.</summary>
    public void PublishUsedBy(string text)
    {
        // A public picture of the same name (put there by hand) is the one the page shows: it stays.
        var waiting = ReferencedIn(text).Where(n => IsUnpublished(n) && !store.ImageExists(n)).ToList();
        if (waiting.Count == 0)
        {
            return;
        }

        if (ContentFile.IsLink(new DirectoryInfo(PublicFolder)))
        {
            throw new IOException("content/images/ is a symbolic link; no picture was published through it.");
        }

        Directory.CreateDirectory(PublicFolder);
        foreach (var name in waiting)
        {
            // A rename within the content folder: the picture is whole at its public address at once.
            File.Move(Inside(UnpublishedFolder, name), Inside(PublicFolder, name), overwrite: false);
            logger.LogInformation("Picture images/{FileName} published with the version that uses it", name);
        }
    }

    /// <summary>Opens a stored picture (public or not) for reading; null when there is none or it is a link.</summary>
    public FileStream? OpenRead(string name) =>
        store.ImageExists(name) ? ContentFile.OpenRead(store.Root, Path.Combine(PublicFolder, name))
        : IsUnpublished(name) ? ContentFile.OpenRead(store.Root, Path.Combine(UnpublishedFolder, name))
        : null;

    /// <summary>Deletes a stored picture; false when there was none. The caller has made sure nothing uses it.</summary>
    public bool Delete(string name)
    {
        var folder = store.ImageExists(name) ? PublicFolder : IsUnpublished(name) ? UnpublishedFolder : null;
        if (folder is null)
        {
            return false;
        }

        File.Delete(Inside(folder, name));
        logger.LogInformation("Picture {FileName} deleted ({Folder})", name, folder == PublicFolder ? "public" : "unpublished");
        return true;
    }

    /// <summary>The editor's preview shows an unpublished picture from its editor address: its public
    /// address answers 404 until a version using it goes live.</summary>
    public string PreviewHtml(string html) =>
        ImageSource().Replace(html, m => IsUnpublished(m.Groups[1].Value) ? $"src=\"{EditorUrl(m.Groups[1].Value)}\"" : m.Value);

    /// <summary>The picture names a text refers to as <c>/images/name</c>, anywhere (an image, a link,
    /// front matter). A name followed by sentence punctuation is counted with and without it, so a
    /// picture is never thought unused because of a full stop.</summary>
    public static IEnumerable<string> ReferencedIn(string text)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Reference().Matches(text))
        {
            var name = match.Groups[1].Value;
            names.Add(name);
            names.Add(name.TrimEnd('.', '-', '_'));
        }

        return names;
    }

    private static bool IsBareName(string name) =>
        name.Length > 0 && name.IndexOfAny(['/', '\\']) < 0 && !name.StartsWith('.');

    private static string Inside(string folder, string name)
    {
        var path = Path.GetFullPath(Path.Combine(folder, name));
        return path.StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new InvalidOperationException("A picture's path left its folder.");
    }
}
