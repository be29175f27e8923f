using System.Buffers.Binary;
using System.IO.Enumeration;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Content;

/// <summary>
/// Keeps the <see cref="ContentSnapshot"/> of <c>content/</c> current. A watcher marks the store
/// stale on any change and a short debounce timer reloads; <see cref="Reload"/> reloads at once (the
/// editor's save). Each reload asks the <see cref="ContentLoader"/> for a new snapshot (it re-parses
/// only the files that changed), swaps it in and tells the followers of <see cref="Reloaded"/>.
/// Readers of <see cref="Current"/> never reload: they read the last snapshot swapped in.
/// <para>Where file-system events do not arrive (a content folder shared between machines,
/// docs/scaling.md), <c>Content:PollInterval</c> adds a poll: a cheap fingerprint of the folder
/// (every file's path, size and modification time; nothing is read or parsed) is compared with the
/// last one, and a difference marks the store stale, as the watcher would.</para>
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

    private readonly ILogger<ContentStore> _logger;
    private readonly TimeProvider _time;
    private readonly ContentOptions _options;
    private readonly Lock _reloadLock = new();
    private readonly ContentLoader _loader;
    private readonly Timer _debounce;
    private readonly Timer? _poll;
    private FileSystemWatcher? _watcher;

    /// <summary>The folder's fingerprint at the last poll (or when the store was made, before the first load).</summary>
    private long _fingerprint;

    /// <summary>1 while the last reload failed: the debounce timer tries again every <see cref="RetryDelay"/>.</summary>
    private int _retrying;

    /// <summary>Reloads failed in a row: only the first is logged as an error, so a folder that stays
    /// missing does not fill the log.</summary>
    private int _failedReloads;
    private volatile bool _disposed;
    private ContentSnapshot? _snapshot;
    private long _changesSeen = 1;
    private long _changesLoaded;
    private long _version;

    public ContentStore(IOptions<ContentOptions> options, IHostEnvironment environment, ClinicClock clock, TimeProvider time, ILogger<ContentStore> logger)
    {
        _options = options.Value;
        _logger = logger;
        _time = time;
        Root = ContentPaths.Resolve(_options.Path, environment.ContentRootPath);
        _loader = new ContentLoader(Root, _options, clock, time, logger);
        _debounce = new Timer(_ => OnDebounce(), null, Timeout.Infinite, Timeout.Infinite);
        if (_options.Watch)
        {
            _watcher = Watch(Root);
        }

        if (_options.PollInterval > TimeSpan.Zero)
        {
            // Taken before the first load, so that a change made while it runs is seen by the first poll.
            _fingerprint = Fingerprint(Root);
            _poll = new Timer(_ => OnPoll(), null, _options.PollInterval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// A hash of every entry under <paramref name="root"/>: its path, size and modification time, in
    /// path order, without descending into linked folders (the loader never follows a link). A
    /// folder that cannot be read has its own value, so that its return is a change too.
    /// </summary>
    internal static long Fingerprint(string root)
    {
        try
        {
            var entries = new FileSystemEnumerable<(string Path, long Size, long Ticks)>(root,
                (ref FileSystemEntry entry) => (entry.ToSpecifiedFullPath(), entry.IsDirectory ? -1 : entry.Length, entry.LastWriteTimeUtc.UtcTicks),
                new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true })
            {
                ShouldRecursePredicate = (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
            };
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Span<byte> numbers = stackalloc byte[16];
            foreach (var (path, size, ticks) in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
            {
                hash.AppendData(MemoryMarshal.AsBytes(path.AsSpan()));
                BinaryPrimitives.WriteInt64LittleEndian(numbers, size);
                BinaryPrimitives.WriteInt64LittleEndian(numbers[8..], ticks);
                hash.AppendData(numbers);
            }

            return BinaryPrimitives.ReadInt64LittleEndian(hash.GetHashAndReset());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>The poll timer's callback, on a pool thread: an exception there would end the process.
    /// The timer is started again only after a poll, so that a slow folder never has two polls at once.</summary>
    private void OnPoll()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            var now = Fingerprint(Root);
            if (Interlocked.Exchange(ref _fingerprint, now) != now)
            {
                MarkStale();
            }
        }
        catch (ObjectDisposedException)
        {
            // A poll that raced the store's disposal at shutdown: nothing is left to reload.
            return;
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Polling the content folder for changes failed; the next poll tries again");
        }

        try
        {
            _poll!.Change(_options.PollInterval, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // A poll that raced the store's disposal at shutdown: nothing is left to reload.
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

    /// <summary>Raised after a new snapshot is swapped in (search and caches follow it).</summary>
    public event Action<ContentSnapshot>? Reloaded;

    /// <summary>The current snapshot: a plain read. Only before the first load is done does it wait
    /// for that load (on the reload lock), so that nobody sees an empty site.</summary>
    public ContentSnapshot Current => Volatile.Read(ref _snapshot) ?? LoadFirst();

    /// <summary>True while reloads fail (the content folder missing, say): the last good version is served.</summary>
    public bool ReloadFailing => Volatile.Read(ref _failedReloads) > 0;

    /// <summary>Marks the content stale: the debounce timer reloads it shortly.</summary>
    public void MarkStale()
    {
        Interlocked.Increment(ref _changesSeen);
        _debounce.Change(DebounceDelay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Reloads now, whatever the watcher has seen.</summary>
    public ContentSnapshot Reload()
    {
        MarkStale();
        EnsureFresh();
        return Volatile.Read(ref _snapshot)!;
    }

    /// <summary>The first load, started by <c>StartContentLoad</c> and awaited by any reader that
    /// comes before it is done.</summary>
    private ContentSnapshot LoadFirst()
    {
        EnsureFresh();
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

            EnsureFresh();
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

    /// <summary>The one place a reload happens: the snapshot is built outside the readers' way and
    /// swapped in, then the followers (search index, page copy) hear of it on this thread, so that
    /// when <see cref="Reload"/> returns everything follows the new version.</summary>
    private void EnsureFresh()
    {
        lock (_reloadLock)
        {
            // Checked under the lock: a reload that already took this change in has run its
            // followers too by the time the lock is free, so a Reload() that finds nothing to do
            // still returns with everything following the new version.
            var seen = Interlocked.Read(ref _changesSeen);
            if (seen == Interlocked.Read(ref _changesLoaded))
            {
                return;
            }

            var previous = _snapshot;
            var started = _time.GetTimestamp();
            ContentSnapshot next;
            try
            {
                next = _loader.Load(Interlocked.Read(ref _version) + 1);
                Interlocked.Exchange(ref _version, next.Version);
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

            // Readers never wait on this lock once the first load is done, so the followers run
            // inside it: reloads and their followers take their turns.
            NotifyFollowers(next);
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

    /// <summary>Whether a body may link to <paramref name="path"/> when <paramref name="snapshot"/> is
    /// live: a fixed page of the site, a published document or a picture. The editor's checks use it.</summary>
    public bool LinkTargetExists(ContentSnapshot snapshot, string path) => _loader.LinkTargetExists(snapshot, path);

    /// <summary>Whether <c>content/images/{name}</c> exists as a file of its own (a bare file name, not a
    /// link, not in a linked folder; anything else is false). The image endpoint serves only these.</summary>
    public bool ImageExists(string name) => _loader.ImageExists(name);

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
        _poll?.Dispose();
        _debounce.Dispose();
    }
}
