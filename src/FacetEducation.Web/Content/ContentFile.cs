using System.Text;

namespace FacetEducation.Web.Content;

/// <summary>What came of reading one file in <c>content/</c>.</summary>
public enum ContentReadStatus
{
    /// <summary>The text was read.</summary>
    Read,

    /// <summary>No such file (never there, or deleted between listing and reading).</summary>
    Missing,

    /// <summary>The file, or a folder between the content folder and it, is a symbolic link or another
    /// reparse point: it is never followed.</summary>
    Link,

    /// <summary>Larger than the limit given: not read.</summary>
    TooLarge,

    /// <summary>The file is there but could not be read (locked, no permission, an I/O error).</summary>
    Unreadable,
}

/// <summary>One read of a file in <c>content/</c>: the text when <see cref="Status"/> is
/// <see cref="ContentReadStatus.Read"/>; the file's size when it is <see cref="ContentReadStatus.TooLarge"/>.</summary>
public readonly record struct ContentRead(ContentReadStatus Status, string? Text = null, long Length = 0, string? Problem = null)
{
    /// <summary>Why the file was not used, in plain English, for the log, the dashboard and check-content.</summary>
    public string Describe(long maxBytes) => Status switch
    {
        ContentReadStatus.Read => "The file was read.",
        ContentReadStatus.Missing => "The file disappeared while it was being read; it is read again at the next change.",
        ContentReadStatus.Link => ContentFile.LinkRefused,
        ContentReadStatus.TooLarge => $"The file is {Length / 1024} KB; the limit is {maxBytes / 1024} KB. Split it into smaller articles.",
        _ => "The file could not be read: " + Problem,
    };
}

/// <summary>
/// Every read of a file in <c>content/</c> goes through here, so that nothing is followed out of
/// the folder: a symbolic link (or a Windows junction or other reparse point) in place of a file, or
/// in place of a folder between the content folder and the file, is refused, never read, served,
/// published or copied into the editor's history. A link can point anywhere the site's account can
/// read (the enquiry database, <c>/etc/passwd</c>), and serving a live SQLite file through one
/// broke its locking. The content folder itself may be a link: that is the operator's choice.
/// </summary>
public static class ContentFile
{
    public const string LinkRefused =
        "The file is a symbolic link (or lies in a linked folder); the site never follows links out of the content folder, so it is not published. Put the file itself here instead.";

    public const string FolderLinkRefused =
        "The folder is a symbolic link; the site never follows links out of the content folder, so nothing in it is published. Put the folder itself here instead.";

    /// <summary>Whether <paramref name="info"/> is a symbolic link or other reparse point (false when it does not exist).</summary>
    public static bool IsLink(FileSystemInfo info)
    {
        var attributes = info.Attributes; // -1 when there is nothing at the path
        return (int)attributes != -1 && (attributes & FileAttributes.ReparsePoint) != 0;
    }

    /// <summary>Whether a folder between <paramref name="root"/> (not included) and <paramref name="path"/> is a link.</summary>
    public static bool InLinkedFolder(string root, string path)
    {
        var top = Path.TrimEndingDirectorySeparator(root);
        for (var dir = Path.GetDirectoryName(path); dir is not null && dir.Length > top.Length; dir = Path.GetDirectoryName(dir))
        {
            if (IsLink(new DirectoryInfo(dir)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="path"/> under <paramref name="root"/> is a file that may be read: there, and
    /// neither a link nor in a linked folder.</summary>
    public static bool IsPlainFile(string root, string path)
    {
        var info = new FileInfo(path);
        return info.Exists && !IsLink(info) && !InLinkedFolder(root, path);
    }

    /// <summary>Opens <paramref name="path"/> for reading, or null if it is missing or a link. The check is
    /// made again once the file is open, so a link swapped in between the check and the open is refused too.</summary>
    public static FileStream? OpenRead(string root, string path)
    {
        if (!IsPlainFile(root, path))
        {
            return null;
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (IsPlainFile(root, path))
        {
            return stream;
        }

        stream.Dispose();
        return null;
    }

    /// <summary>Reads <paramref name="path"/> under <paramref name="root"/> as text (UTF-8 unless a byte-order mark
    /// says otherwise). Never throws for anything the file system can do to the file meanwhile.</summary>
    public static ContentRead Read(string root, string path, long maxBytes = long.MaxValue)
    {
        try
        {
            var info = new FileInfo(path);
            if (IsLink(info) || InLinkedFolder(root, path))
            {
                return new ContentRead(ContentReadStatus.Link);
            }

            if (!info.Exists)
            {
                return new ContentRead(ContentReadStatus.Missing);
            }

            using var stream = OpenRead(root, path);
            if (stream is null)
            {
                return new ContentRead(IsLink(new FileInfo(path)) ? ContentReadStatus.Link : ContentReadStatus.Missing);
            }

            // The open file's own length: the one the listing saw may be out of date.
            if (stream.Length > maxBytes)
            {
                return new ContentRead(ContentReadStatus.TooLarge, Length: stream.Length);
            }

            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024);
            return new ContentRead(ContentReadStatus.Read, reader.ReadToEnd());
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new ContentRead(ContentReadStatus.Missing);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ContentRead(ContentReadStatus.Unreadable, Problem: ex.Message);
        }
    }

    /// <summary>The Markdown files of <c>content/</c> (not dotfiles), by name only: they are read through
    /// <see cref="Read"/>, which refuses links. A folder that is a link, gone or unreadable lists nothing.</summary>
    internal static IEnumerable<(ArticleKind Kind, string RelativePath, string FullPath)> MarkdownFiles(string root)
    {
        foreach (var kind in Enum.GetValues<ArticleKind>())
        {
            var folder = new DirectoryInfo(Path.Combine(root, kind.Folder()));
            List<string> names;
            try
            {
                names = folder.Exists && !IsLink(folder)
                    ? [.. folder.EnumerateFiles("*.md").Select(f => f.Name).Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal)]
                    : [];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                names = [];
            }

            foreach (var name in names)
            {
                yield return (kind, $"{kind.Folder()}/{name}", Path.Combine(folder.FullName, name));
            }
        }
    }
}
