using FacetEducation.Web.Content;

namespace FacetEducation.Web.Admin;

/// <summary>
/// A document's file in <c>content/</c>, as the editor reads and writes it. Reading never follows a
/// link, so nothing outside the folder reaches the history. Writing is atomic (a temporary dotfile in
/// the same folder, then a rename): the content store ignores dotfiles, so it never reads half a file,
/// and the public site picks the change up through the same reload path as a hand edit. The unpublished
/// pictures a version uses go public as it is written (<see cref="PictureFolders"/>): this is the one
/// place the editor puts a version on the site.
/// </summary>
public sealed class DocumentFiles(ContentStore store, PictureFolders pictures)
{
    /// <summary>The text of the document's file; null when it is missing, unreadable or a link.</summary>
    public string? Read(DocumentId id) =>
        ContentFile.Read(store.Root, id.FullPath(store.Root)) is { Status: ContentReadStatus.Read, Text: var text } ? text : null;

    /// <summary>Whether the document's folder is a link: writing through it would put the file outside
    /// the content folder (the store refuses the whole folder). A settings file's folder is the content
    /// folder itself, which the store reads wherever it is.</summary>
    public bool FolderIsLink(DocumentId id) =>
        id.SiteFile is null && ContentFile.IsLink(new DirectoryInfo(Path.GetDirectoryName(id.FullPath(store.Root))!));

    public async Task WriteAsync(DocumentId id, string text)
    {
        var path = id.FullPath(store.Root);
        var folder = Path.GetDirectoryName(path)!;
        if (FolderIsLink(id))
        {
            // Every caller checks before it decides; this stops a link that appeared since.
            throw new IOException($"content/{id.Kind.Folder()}/ is a symbolic link; the file was not written.");
        }

        pictures.PublishUsedBy(text);
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(temporary, text);
        File.Move(temporary, path, overwrite: true);
        // Reloaded now, not on the watcher's timer: the next request sees the new version.
        store.Reload();
    }
}
