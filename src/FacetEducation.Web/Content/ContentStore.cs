using Microsoft.Extensions.Options;
using YamlDotNet.Core;

namespace FacetEducation.Web.Content;

/// <summary>
/// Loads <c>content/</c> into a <see cref="ContentSnapshot"/> and keeps it current. A watcher marks
/// the store stale on any change; the next reader (or a short debounce timer, whichever comes first)
/// reloads. Files are re-parsed only when their size or time stamp changed, so a reload after one
/// edit costs one parse plus the cross-file link check. A file that fails its checks is not
/// published; if an earlier version of it passed, that version stays live.
/// </summary>
public sealed class ContentStore : IDisposable
{
    private static readonly TimeSpan DebounceDelay = TimeSpan.FromMilliseconds(50);

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
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer _debounce;
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
        _debounce = new Timer(_ => EnsureFresh(followersInline: true), null, Timeout.Infinite, Timeout.Infinite);
        if (_options.Watch)
        {
            _watcher = new FileSystemWatcher(Root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            _watcher.Changed += (_, _) => MarkStale();
            _watcher.Created += (_, _) => MarkStale();
            _watcher.Deleted += (_, _) => MarkStale();
            _watcher.Renamed += (_, _) => MarkStale();
            // An overflowing event buffer means changes were missed: reload everything.
            _watcher.Error += (_, _) => MarkStale();
            _watcher.EnableRaisingEvents = true;
        }
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
            next = Load();
            Volatile.Write(ref _snapshot, next);
            Interlocked.Exchange(ref _changesLoaded, seen);
            LogNewErrors(previous, next, _time.GetElapsedTime(started));
        }

        // Followers run after the lock is released: pages waiting for the new snapshot are served at
        // once instead of waiting for the search index to rebuild. Each follower copes with
        // versions arriving out of order (they compare Version).
        if (followersInline)
        {
            Reloaded?.Invoke(next);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(snapshot => Reloaded?.Invoke(snapshot), next, preferLocal: false);
        }
    }

    private ContentSnapshot Load()
    {
        var clinic = LoadClinic();
        var errors = new List<ContentError>(_clinic?.Errors ?? []);
        var files = new List<(ArticleKind Kind, string Path, FileStamp Stamp)>();

        foreach (var kind in Enum.GetValues<ArticleKind>())
        {
            var folder = Path.Combine(Root, kind.Folder());
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var path in Directory.EnumerateFiles(folder, "*.md", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(path).StartsWith('.'))
                {
                    continue; // editors' and atomic-save temporary files
                }

                var info = new FileInfo(path);
                files.Add((kind, path, new FileStamp(info.Length, info.LastWriteTimeUtc)));
            }
        }

        // Parse what changed, on every core: the first load of a large site is the slow case.
        var changed = files.Where(f => !_files.TryGetValue(f.Path, out var cached) || cached.Stamp != f.Stamp).ToList();
        var parsed = new (ArticleParser.Result Result, string? Hash)[changed.Count];
        Parallel.For(0, changed.Count, i => parsed[i] = ParseFile(changed[i].Kind, changed[i].Path, changed[i].Stamp));
        for (var i = 0; i < changed.Count; i++)
        {
            var (_, path, stamp) = changed[i];
            var (result, hash) = parsed[i];
            _files[path] = new CachedFile(stamp, result.Article, _files.GetValueOrDefault(path)?.LastGood, result.Errors, RelativePath(path), hash);
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

        var published = SelectPublished(errors);
        var hashes = new Dictionary<string, string?>(files.Count, StringComparer.Ordinal);
        foreach (var (_, path, _) in files)
        {
            var file = _files[path];
            hashes[file.Relative] = file.Hash;
        }

        return new ContentSnapshot(Interlocked.Increment(ref _version), clinic, published, errors, _time.GetUtcNow(), hashes);
    }

    private string RelativePath(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    /// <summary>Parses one file; the hash is the <see cref="TextHash"/> of the text read (null if none was).</summary>
    private (ArticleParser.Result Result, string? Hash) ParseFile(ArticleKind kind, string path, FileStamp stamp)
    {
        var relative = RelativePath(path);
        if (stamp.Length > _options.MaxFileBytes)
        {
            return (new ArticleParser.Result(null,
                [new ContentError(relative, null, $"The file is {stamp.Length / 1024} KB; the limit is {_options.MaxFileBytes / 1024} KB. Split it into smaller articles.")]), null);
        }

        try
        {
            var text = File.ReadAllText(path);
            return (ArticleParser.Parse(kind, relative, text, new DateTimeOffset(stamp.Written, TimeSpan.Zero), ImageExists, renderOnFirstUse: true), TextHash.Of(text));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Most often a file caught half-written or just deleted; the watcher will see the next change.
            return (new ArticleParser.Result(null, [new ContentError(relative, null, "The file could not be read: " + ex.Message)]), null);
        }
    }

    /// <summary>
    /// Picks, for each file, the version to publish (the new one if it passed, else the last good
    /// one), then drops any whose links point at something unpublished, until the set is stable.
    /// </summary>
    private List<Article> SelectPublished(List<ContentError> errors)
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
                errors.Add(new ContentError(article.SourcePath, null, $"Another file already uses the web address {article.Url}; change this file's 'slug'."));
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
                var broken = article.Links.FirstOrDefault(l => !IsKnownPath(l.Path, urls));
                if (broken is null)
                {
                    continue;
                }

                errors.Add(new ContentError(article.SourcePath, broken.Line, $"The link to {broken.Path} points at a page that does not exist (or is not published)."));
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
        foreach (var (path, article) in chosen)
        {
            _files[path] = _files[path] with { LastGood = article };
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

    /// <summary>Whether <c>content/images/{name}</c> exists (a bare file name; anything else is false).</summary>
    public bool ImageExists(string name) =>
        name.Length > 0
        && name.IndexOfAny(['/', '\\']) < 0
        && !name.StartsWith('.')
        && File.Exists(Path.Combine(Root, "images", name));

    private ClinicProfile LoadClinic()
    {
        var path = Path.Combine(Root, ContentPaths.ClinicFile);
        var stamp = File.Exists(path) ? new FileStamp(new FileInfo(path).Length, File.GetLastWriteTimeUtc(path)) : default;
        if (_clinic is { } current && current.Stamp == stamp)
        {
            return current.Profile;
        }

        var fallback = _clinic?.Profile ?? new ClinicProfile();
        List<ContentError> errors = [];
        ClinicProfile profile = fallback;
        try
        {
            var parsed = ContentYaml.Deserializer.Deserialize<ClinicProfile>(File.ReadAllText(path)) ?? new ClinicProfile();
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
            errors.Add(new ContentError(ContentPaths.ClinicFile, (int)ex.Start.Line, "The clinic profile is not valid: " + ContentYaml.Describe(ex)));
        }
        catch (IOException ex)
        {
            errors.Add(new ContentError(ContentPaths.ClinicFile, null, "The clinic profile could not be read: " + ex.Message));
        }

        _clinic = new ClinicFile(stamp, profile, errors);
        return profile;
    }

    private void LogNewErrors(ContentSnapshot? previous, ContentSnapshot next, TimeSpan elapsed)
    {
        var before = previous?.Errors.ToHashSet() ?? [];
        foreach (var error in next.Errors.Where(e => !before.Contains(e)))
        {
            _logger.LogError("Content not published: {File} line {Line}: {Problem}", error.File, error.Line, error.Message);
        }

        _logger.LogInformation("Content version {Version} loaded in {Elapsed:0} ms: {Published} published, {Errors} with errors",
            next.Version, elapsed.TotalMilliseconds, next.Published.Count, next.Errors.Count);
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce.Dispose();
    }

    private readonly record struct FileStamp(long Length, DateTime Written);

    /// <summary>One file as last parsed: <c>Relative</c> is its path under the content folder (forward
    /// slashes), <c>Hash</c> the <see cref="TextHash"/> of the text parsed (null when none could be read).</summary>
    private sealed record CachedFile(FileStamp Stamp, Article? Current, Article? LastGood, IReadOnlyList<ContentError> Errors,
        string Relative, string? Hash);

    private sealed record ClinicFile(FileStamp Stamp, ClinicProfile Profile, IReadOnlyList<ContentError> Errors);
}
