using FacetEducation.Web.Content.Checks;

namespace FacetEducation.Web.Content;

/// <summary>
/// Reads and checks <c>content/</c> into a <see cref="ContentSnapshot"/>. It remembers each file's
/// size and time stamp, so a file is parsed again only when they change, and each file's last good
/// version, which stays published while a newer text of it fails its checks. <see cref="Load"/> is
/// not thread-safe: the <see cref="ContentStore"/> calls it under its reload lock.
/// </summary>
internal sealed class ContentLoader(string root, ContentOptions options, ClinicClock clock, TimeProvider time, ILogger logger)
{
    /// <summary>A stamp no file has: what was cached under it is read again by the next reload.</summary>
    private static readonly FileStamp Unread = new(-1, DateTime.MinValue);

    /// <summary>Site paths a body may link to besides articles and pictures.</summary>
    private static readonly HashSet<string> FixedPaths = new(StringComparer.Ordinal)
    {
        "/", "/conditions", "/blog", "/contact", "/search", "/feed.xml", "/sitemap.xml",
    };

    private readonly Dictionary<string, CachedFile> _files = new(StringComparer.Ordinal);
    private ClinicFile? _clinic;

    /// <summary>The content folder as snapshot <paramref name="version"/>. Throws when the folder itself
    /// cannot be read; a file's problem is one of the snapshot's errors instead.</summary>
    public ContentSnapshot Load(long version)
    {
        // A missing folder (moved away, or replaced by a deployment) is a failed reload, not an empty
        // site: the last good version stays until it is back.
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The content folder {root} is missing.");
        }

        var clinic = LoadClinic();
        var errors = new List<ContentError>(_clinic?.Errors ?? []);
        var files = new List<(ArticleKind Kind, string Path, FileStamp Stamp)>();

        foreach (var kind in Enum.GetValues<ArticleKind>())
        {
            List(kind, files, errors);
        }

        // Parse what changed, on every core: the first load of a large site is the slow case.
        var changed = files.Where(f => !_files.TryGetValue(f.Path, out var cached) || cached.Stamp != f.Stamp).ToList();
        var parsed = new (Article? Article, IReadOnlyList<ContentError> Errors, string? Hash)[changed.Count];
        Parallel.For(0, changed.Count, i => parsed[i] = ParseFile(changed[i].Kind, changed[i].Path, changed[i].Stamp));
        for (var i = 0; i < changed.Count; i++)
        {
            var (_, path, stamp) = changed[i];
            var (article, fileErrors, hash) = parsed[i];
            // A file that could not be read is read again by the next reload, whatever its stamp says.
            // (No hash: no text was read; an oversized file is refused by its stamp alone.)
            var cachedStamp = hash is null && stamp.Length <= options.MaxFileBytes ? Unread : stamp;
            _files[path] = new CachedFile(cachedStamp, article, _files.GetValueOrDefault(path)?.LastGood, fileErrors, RelativePath(path), hash);
        }

        var present = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _files.Keys.Where(p => !present.Contains(p)).ToList())
        {
            _files.Remove(gone);
        }

        foreach (var (_, path, _) in files)
        {
            errors.AddRange(_files[path].Errors);
        }

        var published = SelectPublished(errors, out var lastGoodLive);
        var hashes = new Dictionary<string, string?>(files.Count, StringComparer.Ordinal);
        foreach (var (_, path, _) in files)
        {
            var file = _files[path];
            hashes[file.Relative] = file.Hash;
        }

        return new ContentSnapshot(version, clinic, published, errors, time.GetUtcNow(), hashes)
        {
            LastGoodLive = lastGoodLive,
        };
    }

    /// <summary>Lists the Markdown files of one folder. A link (file or folder) is refused with an error; a
    /// file deleted between the listing and its time stamp keeps the version last loaded for this
    /// reload, as does a whole folder that cannot be listed (the change that caused it brings
    /// another reload).</summary>
    private void List(ArticleKind kind, List<(ArticleKind Kind, string Path, FileStamp Stamp)> files, List<ContentError> errors)
    {
        var folder = new DirectoryInfo(Path.Combine(root, kind.Folder()));
        if (ContentFile.IsLink(folder))
        {
            errors.Add(new ContentError(kind.Folder() + "/", null, ContentFile.FolderLinkRefused));
            return;
        }

        if (!folder.Exists)
        {
            return;
        }

        List<FileInfo> listed;
        try
        {
            listed = [.. folder.EnumerateFiles("*.md", SearchOption.TopDirectoryOnly).OrderBy(f => f.FullName, StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Content folder {Folder} could not be listed ({Problem}); its files keep their last versions", kind.Folder(), ex.Message);
            files.AddRange(_files.Where(f => Path.GetDirectoryName(f.Key) == folder.FullName)
                .OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => (kind, f.Key, f.Value.Stamp)));
            return;
        }

        foreach (var info in listed)
        {
            if (info.Name.StartsWith('.'))
            {
                continue; // editors' and atomic-save temporary files
            }

            if (ContentFile.IsLink(info))
            {
                errors.Add(new ContentError(RelativePath(info.FullName), null, ContentFile.LinkRefused));
                continue;
            }

            try
            {
                files.Add((kind, info.FullName, new FileStamp(info.Length, info.LastWriteTimeUtc)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (_files.TryGetValue(info.FullName, out var cached))
                {
                    files.Add((kind, info.FullName, cached.Stamp));
                }
            }
        }
    }

    private string RelativePath(string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    /// <summary>Checks one file against the rule book (<see cref="ContentChecks.Run"/>, as the editor and
    /// <c>check-content</c> do): the article when no rule blocks it, else the findings that block it.
    /// The hash is the <see cref="TextHash"/> of the text read (null if none was).</summary>
    private (Article? Article, IReadOnlyList<ContentError> Errors, string? Hash) ParseFile(ArticleKind kind, string path, FileStamp stamp)
    {
        var relative = RelativePath(path);
        var read = stamp.Length > options.MaxFileBytes
            ? new ContentRead(ContentReadStatus.TooLarge, Length: stamp.Length)
            : ContentFile.Read(root, path, options.MaxFileBytes);
        if (read.Status != ContentReadStatus.Read)
        {
            // Most often a file caught just deleted or replaced by a link; the watcher sees the next change.
            return (null, [new ContentFinding(ContentRules.FileUnreadable, relative, null, read.Describe(options.MaxFileBytes)).ToError()], null);
        }

        var text = read.Text!;
        // Links to other files are checked once the whole set is known (SelectPublished).
        var context = new CheckContext(ImageExists, LinkTargetExists: null, clock.Today);
        var report = ContentChecks.Run(kind, relative, text, context, new DateTimeOffset(stamp.Written, TimeSpan.Zero));
        IReadOnlyList<ContentError> blocking = [.. report.Findings.Where(f => f.Level == FindingLevel.Error).Select(f => f.ToError())];
        return (report.Article, blocking, TextHash.Of(text));
    }

    /// <summary>
    /// Picks, for each file, the version to publish (the new one if it passed, else the last good
    /// one), then drops any whose links point at something unpublished, until the set is stable.
    /// <paramref name="lastGoodLive"/> names the files whose newest text is held back while an
    /// earlier version of them stays live.
    /// </summary>
    private List<Article> SelectPublished(List<ContentError> errors, out HashSet<string> lastGoodLive)
    {
        var chosen = new Dictionary<string, Article>(StringComparer.Ordinal);
        foreach (var (path, file) in _files)
        {
            if ((file.Current ?? file.LastGood) is { Draft: false } article)
            {
                chosen[path] = article;
            }
        }

        // Two files claiming one web address: the first by file name keeps it.
        foreach (var group in chosen.GroupBy(p => p.Value.Url).Where(g => g.Count() > 1))
        {
            foreach (var (path, article) in group.OrderBy(p => p.Key, StringComparer.Ordinal).Skip(1))
            {
                errors.Add(new ContentFinding(ContentRules.AddressTaken, article.SourcePath, 1,
                    $"Another file already uses the web address {article.Url}; change this file's 'slug'.").ToError());
                chosen.Remove(path);
            }
        }

        bool changed;
        do
        {
            changed = false;
            var urls = new HashSet<string>(chosen.Values.Select(a => a.Url), StringComparer.Ordinal);
            foreach (var (path, article) in chosen.ToList())
            {
                var broken = ContentChecks.BrokenLinks(article.SourcePath, article.Links, p => IsKnownPath(p, urls)).ToList();
                if (broken.Count == 0)
                {
                    continue;
                }

                errors.AddRange(broken.Select(b => b.ToError()));
                var file = _files[path];
                if (file.LastGood is { } lastGood && !ReferenceEquals(lastGood, article) && !lastGood.Draft)
                {
                    chosen[path] = lastGood;
                }
                else
                {
                    chosen.Remove(path);
                }

                changed = true;
            }
        }
        while (changed);

        // What is published now becomes the file's last good version.
        lastGoodLive = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, article) in chosen)
        {
            _files[path] = _files[path] with { LastGood = article };
            if (!ReferenceEquals(article, _files[path].Current))
            {
                lastGoodLive.Add(_files[path].Relative);
            }
        }

        return [.. chosen.Values];
    }

    private bool IsKnownPath(string path, IReadOnlySet<string> urls) =>
        FixedPaths.Contains(path)
        || urls.Contains(path)
        || (path.StartsWith("/images/", StringComparison.Ordinal) && ImageExists(path["/images/".Length..]));

    /// <summary>Whether a body may link to <paramref name="path"/> when <paramref name="snapshot"/> is
    /// live: a fixed page of the site, a published document or a picture. The editor's checks use it.</summary>
    public bool LinkTargetExists(ContentSnapshot snapshot, string path) =>
        IsKnownPath(path, snapshot.Urls);

    /// <summary>Whether <c>content/images/{name}</c> exists as a file of its own (a bare file name, not a
    /// link, not in a linked folder; anything else is false). The image endpoint serves only these.</summary>
    public bool ImageExists(string name) =>
        name.Length > 0
        && name.IndexOfAny(['/', '\\']) < 0
        && !name.StartsWith('.')
        && ContentFile.IsPlainFile(root, Path.Combine(root, "images", name));

    private ClinicProfile LoadClinic()
    {
        var path = Path.Combine(root, ContentPaths.ClinicFile);
        var stamp = StampOf(new FileInfo(path));
        if (_clinic is { } current && current.Stamp == stamp)
        {
            return current.Profile;
        }

        var fallback = _clinic?.Profile ?? new ClinicProfile();
        List<ContentError> errors = [];
        ClinicProfile profile = fallback;
        var read = ContentFile.Read(root, path, options.MaxFileBytes);
        if (read.Status != ContentReadStatus.Read)
        {
            errors.Add(new ContentError(ContentPaths.ClinicFile, null, "The clinic profile could not be used: " + read.Describe(options.MaxFileBytes)));
            // Read again by the next reload, unless it is simply missing (then its reappearance changes the stamp).
            _clinic = new ClinicFile(read.Status == ContentReadStatus.Missing ? stamp : Unread, profile, errors);
            return profile;
        }

        var parsed = ClinicProfile.Read(read.Text!);
        if (parsed.Problems.Count == 0)
        {
            profile = parsed.Profile!;
        }
        else
        {
            errors.AddRange(parsed.Problems.Select(p => new ContentError(ContentPaths.ClinicFile, p.Line, p.Message)));
        }

        _clinic = new ClinicFile(stamp, profile, errors);
        return profile;
    }

    /// <summary>The stamp of a file there is none for, or whose size or time could not be read (it vanished).</summary>
    private static FileStamp StampOf(FileInfo info)
    {
        try
        {
            return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc) : default;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return default;
        }
    }

    private readonly record struct FileStamp(long Length, DateTime Written);

    /// <summary>One file as last parsed: <c>Relative</c> is its path under the content folder (forward
    /// slashes), <c>Hash</c> the <see cref="TextHash"/> of the text parsed (null when none could be read).</summary>
    private sealed record CachedFile(FileStamp Stamp, Article? Current, Article? LastGood, IReadOnlyList<ContentError> Errors,
        string Relative, string? Hash);

    private sealed record ClinicFile(FileStamp Stamp, ClinicProfile Profile, IReadOnlyList<ContentError> Errors);
}
