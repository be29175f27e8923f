using FacetEducation.Web.Content;
using Microsoft.Data.Sqlite;

namespace FacetEducation.Web.Search;

/// <summary>
/// The site's search: keeps an FTS5 index of the current content snapshot (rebuilt when the store
/// reloads, and swapped in whole) and answers queries in a patient's own words. Every idea in the
/// query must match first; if that finds few pages, pages that match only some of it follow.
/// </summary>
public sealed class SiteSearch : IDisposable
{
    /// <summary>Longer queries are cut to this many characters, and the page says so.</summary>
    public const int MaxQueryLength = 200;

    /// <summary>Hits shown: the best ten, as a patient reads the first few; each costs a snippet.</summary>
    public const int MaxResults = 10;

    private readonly ContentStore _store;
    private readonly ClinicClock _clock;
    private readonly SynonymsFile _synonyms;
    private readonly ILogger<SiteSearch> _logger;
    private readonly Lock _buildLock = new();
    private SearchIndex? _index;
    private volatile bool _disposed;

    /// <summary>False until <see cref="Warm"/> or the first search: the first content load at start-up
    /// does not build the index, so it does not compete with the first pages served.</summary>
    private volatile bool _warm;

    public SiteSearch(ContentStore store, ClinicClock clock, SynonymsFile synonyms, ILogger<SiteSearch> logger)
    {
        _store = store;
        _clock = clock;
        _synonyms = synonyms;
        _logger = logger;
        _store.Reloaded += OnReloaded;
    }

    public SearchOutcome Search(string? query)
    {
        var (text, truncated) = Normalise(query);
        if (text.Length == 0)
        {
            return new SearchOutcome(text, truncated, []);
        }

        var snapshot = _store.Current;
        while (true)
        {
            var index = IndexFor(snapshot);
            if (!index.TryAcquire())
            {
                continue; // retired between the read and the acquire: a newer one is in place
            }

            try
            {
                return new SearchOutcome(text, truncated, Run(index, text));
            }
            finally
            {
                index.Release();
            }
        }
    }

    /// <summary>Builds the first index on a worker thread, so start-up does not wait for it; a search
    /// that arrives first waits on the build lock and gets the finished index. From then on every
    /// reload rebuilds it.</summary>
    public void Warm()
    {
        _warm = true;
        ThreadPool.UnsafeQueueUserWorkItem(_ => OnReloaded(_store.Current), null);
    }

    private List<SearchResult> Run(SearchIndex index, string text)
    {
        try
        {
            return Execute(index, text, _clock.Today);
        }
        catch (SqliteException ex)
        {
            // Cannot happen with queries built from quoted words; if it ever does, the visitor gets
            // the "no results" help rather than an error page. The query itself is not logged.
            _logger.LogError(ex, "Search failed for a query of {Length} characters", text.Length);
            return [];
        }
    }

    /// <summary>One search on one index: every idea first, then pages matching only some of them.
    /// The caller holds a reference on <paramref name="index"/>. (Also what the benchmark times.)</summary>
    internal static List<SearchResult> Execute(SearchIndex index, string text, DateOnly today)
    {
        if (SearchQuery.Parse(text, index.Synonyms) is not { } query)
        {
            return [];
        }

        var ids = index.Rank(query.All, today, MaxResults);
        var results = index.Results(ids, query.All, query.AllPhrases);
        if (ids.Count < MaxResults && query.Any is not null)
        {
            // Each snippet highlights the words of the query that found it: the fewer phrases, the
            // cheaper snippet() is, and the visitor's loose single words only mark the partial hits.
            var more = index.Rank(query.Any, today, MaxResults - ids.Count, ids.ToHashSet());
            results.AddRange(index.Results(more, query.Any, query.AnyPhrases));
        }

        return results;
    }

    private SearchIndex IndexFor(ContentSnapshot snapshot)
    {
        var index = Volatile.Read(ref _index);
        if (index is not null && index.Version >= snapshot.Version)
        {
            return index;
        }

        lock (_buildLock)
        {
            index = _index;
            if (index is not null && index.Version >= snapshot.Version)
            {
                return index;
            }

            var started = TimeProvider.System.GetTimestamp();
            SearchIndex next;
            try
            {
                next = SearchIndexBuilder.Build(snapshot, _synonyms.Load());
            }
            catch (SqliteException ex) when (index is not null)
            {
                _logger.LogError(ex, "Search index for content version {Version} failed to build; the previous one stays", snapshot.Version);
                return index;
            }

            Volatile.Write(ref _index, next);
            index?.Dispose();
            _logger.LogInformation("Search index built for content version {Version}: {Documents} documents in {Elapsed:0.0} ms",
                next.Version, next.Count, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            return next;
        }
    }

    /// <summary>The reload path: the index follows each new snapshot (and a changed synonyms file,
    /// which the store's watcher also reports), inside the reload, so a search right after an edit
    /// sees it. Never throws into the store's reload.</summary>
    private void OnReloaded(ContentSnapshot snapshot)
    {
        try
        {
            if (!_disposed && (_warm || Volatile.Read(ref _index) is not null))
            {
                IndexFor(snapshot);
            }
        }
        catch (Exception ex) when (!_disposed)
        {
            // Runs on a pool thread or the store's timer, where an exception would end the process;
            // the previous index stays and the next reload (or search) tries again.
            _logger.LogError(ex, "Search index for content version {Version} failed to build", snapshot.Version);
        }
    }

    /// <summary>Trims, cuts to <see cref="MaxQueryLength"/> (never through a surrogate pair) and
    /// turns control characters into spaces, so the query can be shown back safely.</summary>
    private static (string Text, bool Truncated) Normalise(string? query)
    {
        var text = string.Create((query ?? string.Empty).Length, query ?? string.Empty, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        }).Trim();

        var truncated = text.Length > MaxQueryLength;
        if (truncated)
        {
            var cut = char.IsHighSurrogate(text[MaxQueryLength - 1]) ? MaxQueryLength - 1 : MaxQueryLength;
            text = text[..cut].TrimEnd();
        }

        return (text, truncated);
    }

    public void Dispose()
    {
        _disposed = true;
        _store.Reloaded -= OnReloaded;
        Volatile.Read(ref _index)?.Dispose();
    }
}
