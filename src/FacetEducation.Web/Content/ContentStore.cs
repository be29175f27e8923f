using FacetEducation.Web.Content.Checks;
using Microsoft.Extensions.Options;
using YamlDotNet.Core;

namespace FacetEducation.Web.Content;

/// <summary>
/// Loads <c>content/</c> into a <see cref="ContentSnapshot"/> and keeps it current. A watcher marks
/// the store stale on any change; the next reader (or a short debounce timer, whichever comes first)
/// reloads. Files are re-parsed only when their size or time stamp changed, so a reload after one
/// edit costs one parse plus the cross-file link check. A file that fails its checks is not
/// published; if an earlier version of it passed, that version stays live.
/// <para>A reload never throws: a file that vanishes, is half-written, unreadable or a link is left
/// out of that version (logged once, with the file) and looked at again by the next reload, and a
/// reload that fails outright keeps the last good snapshot. The debounce timer, the watcher's
/// callbacks and the followers of <see cref="Reloaded"/> run on threads where an exception would end
/// the process, so each catches and logs. Nothing in the folder is followed through a link
/// (<see cref="ContentFile"/>).</para>
/// </summary>
public sealed class ContentStore : IDisposable
{
    private static readonly TimeSpan DebounceDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>How soon a failed reload (the content folder gone, say) is tried again.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>A stamp no file has: what was cached under it is read again by the next reload.</summary>
    private static readonly FileStamp Unread = new(-1, DateTime.MinValue);

    /// <summary>Site paths a body may link to besides articles and pictures.</summary>
    private static readonly HashSet<string> FixedPaths = new(StringComparer.Ordinal)
    {
        "/", "/conditions", "/blog", "/contact", "/search", "/feed.xml", "/sitemap.xml",
    };

    private readonly ILogger<ContentStore> _logger;
    private readonly TimeProvider _time;
    private readonly ContentOptions _options;
    private readonly Lock _reloadLock = new();
    private readonly Dictionary<string, CachedFile> _files = new(StringComparer.Ordinal);
    private readonly Timer _debounce;
    private FileSystemWatcher? _watcher;

    /// <summary>1 while the last reload failed: the debounce timer tries again every <see cref="RetryDelay"/>.</summary>
    private int _retrying;

    /// <summary>Reloads failed in a row: only the first is logged as an error, so a folder that stays
    /// missing does not fill the log.</summary>
    private int _failedReloads;
    private volatile bool _disposed;
    private ClinicFile? _clinic;
    private ContentSnapshot? _snapshot;
    private long _changesSeen = 1;
    private long _changesLoaded;
    private long _version;

    public ContentStore(IOptions<ContentOptions> options, IHostEnvironment environment, TimeProvider time, ILogger<ContentStore> logger)
    {
        _options = options.Value;
        _logger = logger;
        _time = time;
        Root = ContentPaths.Resolve(_options.Path, environment.ContentRootPath);
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(_options.TimeZone);
        _debounce = new Timer(_ => OnDebounce(), null, Timeout.Infinite, Timeout.Infinite);
        if (_options.Watch)
        {
            _watcher = Watch(Root);
        }
    }

    private FileSystemWatcher Watch(string root)
    {
        var watcher = new FileSystemWatcher(root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Changed += (_, _) => OnWatcherEvent();
        watcher.Created += (_, _) => OnWatcherEvent();
        watcher.Deleted += (_, _) => OnWatcherEvent();
        watcher.Renamed += (_, _) => OnWatcherEvent();
        // An overflowing event buffer means changes were missed: reload everything.
        watcher.Error += (_, _) => OnWatcherEvent();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    /// <summary>After a failed reload: a content folder that was removed and put back is a new folder,
    /// which the old watcher does not see (it stays silent), so a new one is started.</summary>
    private void RestartWatcher()
    {
        if (!_options.Watch || _disposed || !Directory.Exists(Root))
        {
            return;
        }

        var old = Interlocked.Exchange(ref _watcher, Watch(Root));
        old?.Dispose();
    }

    /// <summary>The content folder, as an absolute path.</summary>
    public string Root { get; }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>Raised after a new snapshot is swapped in (search and caches follow it).</summary>
    public event Action<ContentSnapshot>? Reloaded;

    /// <summary>The current snapshot, reloaded first if a change has been seen since the last load.</summary>
    public ContentSnapshot Current
    {
        get
        {
            EnsureFresh(followersInline: false);
            return Volatile.Read(ref _snapshot)!;
        }
    }

    /// <summary>True while reloads fail (the content folder missing, say): the last good version is served.</summary>
    public bool ReloadFailing => Volatile.Read(ref _failedReloads) > 0;

    /// <summary>Today's date at the clinic, for publish dates and review reminders.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_time.GetUtcNow(), TimeZone).DateTime);

    /// <summary>Marks the content stale so that the next read reloads it.</summary>
    public void MarkStale()
    {
        Interlocked.Increment(ref _changesSeen);
        _debounce.Change(DebounceDelay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Reloads now, whatever the watcher has seen.</summary>
    public ContentSnapshot Reload()
    {
        MarkStale();
        EnsureFresh(followersInline: true);
        return Volatile.Read(ref _snapshot)!;
    }

    /// <summary>The watcher's callbacks run on its own thread: an exception there would end the process.</summary>
    private void OnWatcherEvent()
    {
        try
        {
            MarkStale();
        }
        catch (ObjectDisposedException)
        {
            // An event that raced the store's disposal at shutdown: nothing is left to reload.
        }
    }

    /// <summary>The debounce timer's callback, on a pool thread: an exception there would end the process.</summary>
    private void OnDebounce()
    {
        try
        {
            if (Interlocked.Exchange(ref _retrying, 0) == 1)
            {
                RestartWatcher();
                Interlocked.Increment(ref _changesSeen);
            }

            EnsureFresh(followersInline: true);
        }
        catch (Exception ex)
        {
            // The watcher could not be restarted (the folder vanished again, say): try again shortly.
            _logger.LogError(ex, "Content reload after a change failed; the last good version stays live");
            Volatile.Write(ref _retrying, 1);
            if (!_disposed)
            {
                _debounce.Change(RetryDelay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <param name="followersInline">Run the <see cref="Reloaded"/> followers (search index, page
    /// cache) on this thread before returning. A page request that happens to trigger the reload
    /// passes false: it serves the new content at once and the followers run on the thread pool
    /// (search builds on demand if a query comes first). The watcher's timer and an explicit
    /// <see cref="Reload"/> pass true, so that when they return everything follows the new version.</param>
    private void EnsureFresh(bool followersInline)
    {
        if (Interlocked.Read(ref _changesSeen) == Interlocked.Read(ref _changesLoaded))
        {
            return;
        }

        ContentSnapshot next;
        lock (_reloadLock)
        {
            var seen = Interlocked.Read(ref _changesSeen);
            if (seen == Interlocked.Read(ref _changesLoaded))
            {
                return;
            }

            var previous = _snapshot;
            var started = _time.GetTimestamp();
            try
            {
                next = Load();
            }
            catch (Exception ex)
            {
                // Not a file's problem (each of those is caught where it is read) but the folder's or a
                // bug: the last good snapshot stays, and the next change tries again.
                if (Interlocked.Increment(ref _failedReloads) == 1)
                {
                    _logger.LogError(ex, "Content reload failed; the last good version stays live and the reload is tried again every {Delay}", RetryDelay);
                }

                Interlocked.Exchange(ref _changesLoaded, seen);
                Volatile.Write(ref _retrying, 1);
                _debounce.Change(RetryDelay, Timeout.InfiniteTimeSpan);
                if (previous is null)
                {
                    Volatile.Write(ref _snapshot, new ContentSnapshot(Interlocked.Increment(ref _version), new ClinicProfile(), [],
                        [new ContentError(".", null, "The content folder could not be read: " + ex.Message)], _time.GetUtcNow()));
                }

                return;
            }

            Volatile.Write(ref _snapshot, next);
            Interlocked.Exchange(ref _changesLoaded, seen);
            if (_failedReloads > 0)
            {
                _logger.LogInformation("Content reloads again after {Failures} failed attempt(s)", Interlocked.Exchange(ref _failedReloads, 0));
            }

            LogNewErrors(previous, next, _time.GetElapsedTime(started));
        }

        // Followers run after the lock is released: pages waiting for the new snapshot are served at
        // once instead of waiting for the search index to rebuild. Each follower copes with
        // versions arriving out of order (they compare Version).
        if (followersInline)
        {
            NotifyFollowers(next);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(NotifyFollowers, next, preferLocal: false);
        }
    }

    /// <summary>Runs each follower in turn; one that throws is logged and does not stop the others (nor,
    /// on a pool thread, the process).</summary>
    private void NotifyFollowers(ContentSnapshot snapshot)
    {
        foreach (var follower in Reloaded?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action<ContentSnapshot>)follower)(snapshot);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A follower of content version {Version} failed ({Follower}); the next reload runs it again",
                    snapshot.Version, follower.Method.DeclaringType?.Name);
            }
        }
    }

    private ContentSnapshot Load()
    {
        // A missing folder (moved away, or replaced by a deployment) is a failed reload, not an empty
        // site: the last good version stays until it is back.
        if (!Directory.Exists(Root))
        {
            throw new DirectoryNotFoundException($"The content folder {Root} is missing.");
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
            var cachedStamp = hash is null && stamp.Length <= _options.MaxFileBytes ? Unread : stamp;
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

        return new ContentSnapshot(Interlocked.Increment(ref _version), clinic, published, errors, _time.GetUtcNow(), hashes)
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
        var folder = new DirectoryInfo(Path.Combine(Root, kind.Folder()));
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
            _logger.LogWarning("Content folder {Folder} could not be listed ({Problem}); its files keep their last versions", kind.Folder(), ex.Message);
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

    private string RelativePath(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    /// <summary>Checks one file against the rule book (<see cref="ContentChecks.Run"/>, as the editor and
    /// <c>check-content</c> do): the article when no rule blocks it, else the findings that block it.
    /// The hash is the <see cref="TextHash"/> of the text read (null if none was).</summary>
    private (Article? Article, IReadOnlyList<ContentError> Errors, string? Hash) ParseFile(ArticleKind kind, string path, FileStamp stamp)
    {
        var relative = RelativePath(path);
        var read = stamp.Length > _options.MaxFileBytes
            ? new ContentRead(ContentReadStatus.TooLarge, Length: stamp.Length)
            : ContentFile.Read(Root, path, _options.MaxFileBytes);
        if (read.Status != ContentReadStatus.Read)
        {
            // Most often a file caught just deleted or replaced by a link; the watcher sees the next change.
            return (null, [new ContentFinding(ContentRules.FileUnreadable, relative, null, read.Describe(_options.MaxFileBytes)).ToError()], null);
        }

        var text = read.Text!;
        // Links to other files are checked once the whole set is known (SelectPublished).
        var context = new CheckContext(ImageExists, LinkTargetExists: null, Today);
        var report = ContentChecks.Run(kind, relative, text, context, renderOnFirstUse: true, new DateTimeOffset(stamp.Written, TimeSpan.Zero));
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
        && ContentFile.IsPlainFile(Root, Path.Combine(Root, "images", name));

    private ClinicProfile LoadClinic()
    {
        var path = Path.Combine(Root, ContentPaths.ClinicFile);
        var stamp = StampOf(new FileInfo(path));
        if (_clinic is { } current && current.Stamp == stamp)
        {
            return current.Profile;
        }

        var fallback = _clinic?.Profile ?? new ClinicProfile();
        List<ContentError> errors = [];
        ClinicProfile profile = fallback;
        var read = ContentFile.Read(Root, path, _options.MaxFileBytes);
        if (read.Status != ContentReadStatus.Read)
        {
            errors.Add(new ContentError(ContentPaths.ClinicFile, null, "The clinic profile could not be used: " + read.Describe(_options.MaxFileBytes)));
            // Read again by the next reload, unless it is simply missing (then its reappearance changes the stamp).
            _clinic = new ClinicFile(read.Status == ContentReadStatus.Missing ? stamp : Unread, profile, errors);
            return profile;
        }

        try
        {
            var parsed = ContentYaml.Deserializer.Deserialize<ClinicProfile>(read.Text!) ?? new ClinicProfile();
            var problems = parsed.Validate().ToList();
            if (problems.Count == 0)
            {
                profile = parsed;
            }
            else
            {
                errors.AddRange(problems.Select(p => new ContentError(ContentPaths.ClinicFile, null, p)));
            }
        }
        catch (YamlException ex)
        {
            var (line, column) = ContentYaml.Where(ex);
            errors.Add(new ContentError(ContentPaths.ClinicFile, line,
                $"The clinic profile is not valid at line {line}, column {column}: {ContentYaml.Explain(ex)}"));
        }

        _clinic = new ClinicFile(stamp, profile, errors);
        return profile;
    }

    private void LogNewErrors(ContentSnapshot? previous, ContentSnapshot next, TimeSpan elapsed)
    {
        var before = previous?.Errors.ToHashSet() ?? [];
        foreach (var error in next.Errors.Where(e => !before.Contains(e)))
        {
            var outcome = next.LastGoodLive.Contains(error.File)
                ? "the last good version stays live until it is fixed"
                : "the file is not on the site until it is fixed";
            _logger.LogError("Content not published: {File} line {Line}: {Problem} ({Outcome})", error.File, error.Line, error.Message, outcome);
        }

        _logger.LogInformation("Content version {Version} loaded in {Elapsed:0} ms: {Published} published, {Errors} with errors",
            next.Version, elapsed.TotalMilliseconds, next.Published.Count, next.Errors.Count);
    }

    public void Dispose()
    {
        _disposed = true;
        Interlocked.Exchange(ref _watcher, null)?.Dispose();
        _debounce.Dispose();
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
