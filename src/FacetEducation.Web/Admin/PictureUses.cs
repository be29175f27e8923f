using FacetEducation.Web.Content;

namespace FacetEducation.Web.Admin;

/// <summary>Where a picture is named, from the most visible place to the least.</summary>
public enum PictureUseKind
{
    /// <summary>The document's file in <c>content/</c>, on the public site.</summary>
    OnSite,

    /// <summary>The document's file in <c>content/</c>, not on the public site (a draft, a post not due yet, one held back).</summary>
    InContentFolder,

    /// <summary>The version waiting: for sign-off, or a post saved with errors.</summary>
    Waiting,

    /// <summary>Older versions in the history, which a restore would bring back.</summary>
    History,

    /// <summary>A form kept after its author's sign-in ran out (<see cref="RescuedDrafts"/>).</summary>
    RescuedDraft,
}

/// <summary>One document that names a picture, and how; <see cref="Revisions"/> are the history's versions that do.</summary>
public sealed record PictureUse(DocumentId Document, string Title, PictureUseKind Kind, IReadOnlyList<long> Revisions);

/// <summary>
/// Where each picture is used: the documents' files in <c>content/</c>, and every version the editor
/// keeps (the one waiting, the whole history, rescued drafts). A picture named by any of them is used,
/// so restoring an old version never brings back a broken picture; only one named nowhere may be deleted.
/// A reference is <c>/images/name</c> anywhere in the text (<see cref="PictureFolders.ReferencedIn"/>).
/// </summary>
/// <remarks>Unsaved text kept in a browser is not seen here; a picture deleted from under it is
/// reported by the checks on its next save or preview.</remarks>
public sealed class PictureUses(
    ContentStore store,
    DocumentFiles files,
    RevisionStore revisions,
    RescuedDrafts rescued,
    PictureFolders pictures,
    ContentWriteLock writeLock)
{
    private const string Marker = "/images/";

    /// <summary>Every picture name in use, with its uses (one per document and kind).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<PictureUse>>> FindAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = store.Current;
        var published = snapshot.Published.ToDictionary(a => a.SourcePath, StringComparer.Ordinal);
        string TitleOf(DocumentId id) => published.TryGetValue(id.RelativePath, out var article) ? article.Title : id.RelativePath;

        var found = new Dictionary<string, Dictionary<(DocumentId, PictureUseKind), List<long>>>(StringComparer.Ordinal);
        void Add(string text, DocumentId id, PictureUseKind kind, long? revision = null)
        {
            foreach (var name in PictureFolders.ReferencedIn(text))
            {
                if (!found.TryGetValue(name, out var uses))
                {
                    found[name] = uses = [];
                }

                if (!uses.TryGetValue((id, kind), out var ids))
                {
                    uses[(id, kind)] = ids = [];
                }

                if (revision is { } r)
                {
                    ids.Add(r);
                }
            }
        }

        var fileHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (kind, relative, _) in ContentFile.MarkdownFiles(store.Root))
        {
            if (DocumentId.TryFromRelativePath(relative, out var id) && id.Kind == kind && files.Read(id) is { } text && text.Contains(Marker, StringComparison.Ordinal))
            {
                fileHashes[relative] = Revision.HashOf(text);
                Add(text, id, published.ContainsKey(relative) ? PictureUseKind.OnSite : PictureUseKind.InContentFolder);
            }
        }

        var newest = (await revisions.LatestAsync()).GroupBy(r => r.Path).ToDictionary(g => g.Key, g => g.Max(r => r.Id), StringComparer.Ordinal);
        foreach (var revision in await revisions.ContainingAsync(Marker, cancellationToken))
        {
            if (DocumentId.TryFromRelativePath(revision.Path, out var id))
            {
                var isNewest = newest.GetValueOrDefault(revision.Path) == revision.Id;
                if (isNewest && revision.IsLive && fileHashes.GetValueOrDefault(revision.Path) == revision.Hash)
                {
                    continue; // the file in content/ is this version, and is listed as such
                }

                var waiting = isNewest && revision.Status == RevisionStatus.Pending;
                Add(revision.Text, id, waiting ? PictureUseKind.Waiting : PictureUseKind.History, waiting ? null : revision.Id);
            }
        }

        foreach (var (info, form) in await rescued.ContainingAsync(Marker))
        {
            Add(form, info.Document, PictureUseKind.RescuedDraft);
        }

        return found.ToDictionary(
            p => p.Key,
            p => (IReadOnlyList<PictureUse>)[.. p.Value
                .Select(u => new PictureUse(u.Key.Item1, TitleOf(u.Key.Item1), u.Key.Item2, u.Value))
                .OrderBy(u => u.Kind).ThenBy(u => u.Title, StringComparer.CurrentCulture)],
            StringComparer.Ordinal);
    }

    /// <summary>The uses of one picture (none: it may be deleted).</summary>
    public async Task<IReadOnlyList<PictureUse>> OfAsync(string name, CancellationToken cancellationToken = default) =>
        (await FindAsync(cancellationToken)).GetValueOrDefault(name) ?? [];

    /// <summary>Deletes the picture if nothing uses it. Under the write lock, so no save can start
    /// using it between the look and the delete. Returns the uses that kept it (none when deleted),
    /// or null when there was no such picture.</summary>
    public async Task<IReadOnlyList<PictureUse>?> DeleteIfUnusedAsync(string name, CancellationToken cancellationToken = default)
    {
        var writing = await writeLock.TakeAsync(cancellationToken);
        try
        {
            if (!pictures.Exists(name))
            {
                return null;
            }

            var uses = await OfAsync(name, cancellationToken);
            if (uses.Count == 0 && !pictures.Delete(name))
            {
                return null;
            }

            return uses;
        }
        finally
        {
            await writing.DisposeAsync();
        }
    }
}
