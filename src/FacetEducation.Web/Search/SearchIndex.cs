using FacetEducation.Web.Content;

namespace FacetEducation.Web.Search;

/// <summary>
/// An SQLite FTS5 index of one content snapshot, held in a private in-memory database (built by
/// <see cref="SearchIndexBuilder"/>, its connections in a <see cref="SearchReaderPool"/>). It is
/// built once and only read afterwards; a new snapshot gets a new index, swapped in whole, so a
/// query never meets a half-built one. It answers the two questions of a search: which articles
/// match, best first, and what snippet each shows.
/// </summary>
internal sealed class SearchIndex : IDisposable
{
    private readonly Article[] _articles;

    /// <summary>Each article's body chunks, lower case, as indexed: only to choose which chunk a
    /// snippet is taken from (<see cref="SnippetChoice.BestChunks"/>).</summary>
    private readonly string[][] _chunks;
    private readonly (int Id, DateOnly Published)[] _posts;
    private readonly SearchReaderPool _pool;

    internal SearchIndex(long version, Synonyms synonyms, Article[] articles, string[][] chunks, SearchReaderPool pool)
    {
        Version = version;
        Synonyms = synonyms;
        _articles = articles;
        _chunks = chunks;
        _posts = [.. articles.Select((a, i) => (Id: i, a.Kind, a.Published))
            .Where(p => p.Kind == ArticleKind.Post && p.Published is not null)
            .Select(p => (p.Id, p.Published!.Value))];
        _pool = pool;
    }

    /// <summary>The content snapshot version this index was built from.</summary>
    public long Version { get; }

    public Synonyms Synonyms { get; }

    public int Count => _articles.Length;

    /// <inheritdoc cref="SearchReaderPool.TryAcquire"/>
    public bool TryAcquire() => _pool.TryAcquire();

    public void Release() => _pool.Release();

    /// <inheritdoc cref="SearchReaderPool.Dispose"/>
    public void Dispose() => _pool.Dispose();

    /// <summary>The articles matching <paramref name="match"/> (an FTS5 expression built by
    /// <see cref="SearchQuery"/>), best first, at most <paramref name="limit"/>, leaving out those in
    /// <paramref name="skip"/>. The caller holds a reference (<see cref="TryAcquire"/>).</summary>
    public List<int> Rank(string match, DateOnly today, int limit, IReadOnlySet<int>? skip = null)
    {
        // Checked here rather than in SQL: reading a column of a matching row means loading the
        // whole row, body and all, which for a common word cost more than the ranking itself.
        var notYet = 0;
        foreach (var (_, published) in _posts)
        {
            notYet += published > today ? 1 : 0;
        }

        var reader = _pool.Rent();
        try
        {
            var command = reader.Rank;
            reader.RankMatch.Value = match;
            reader.RankLimit.Value = limit + (skip?.Count ?? 0) + notYet;
            var ids = new List<int>(limit);
            using var rows = command.ExecuteReader();
            while (ids.Count < limit && rows.Read())
            {
                var id = rows.GetInt32(0);
                if (skip?.Contains(id) != true && !IsFuture(id, today))
                {
                    ids.Add(id);
                }
            }

            return ids;
        }
        finally
        {
            _pool.Return(reader);
        }
    }

    /// <summary>The articles <paramref name="ids"/> as results, each with a snippet of the words of
    /// <paramref name="match"/> (whose phrases are <paramref name="phrases"/>) highlighted.</summary>
    public List<SearchResult> Results(IReadOnlyList<int> ids, string match, IReadOnlyList<string> phrases)
    {
        var results = new List<SearchResult>(ids.Count);
        if (ids.Count == 0)
        {
            return results;
        }

        var keys = SnippetChoice.Keys(phrases);
        var reader = _pool.Rent();
        try
        {
            reader.SnippetMatch.Value = match;
            Span<int> tries = stackalloc int[SnippetChoice.Tries];
            foreach (var article in ids)
            {
                reader.SnippetId.Value = article;
                string? body = null;
                string? summary = null;
                var count = SnippetChoice.BestChunks(_chunks[article], keys, tries);
                ReadOnlySpan<int> guesses = tries[..count];
                var found = false;
                for (var t = 0; t <= guesses.Length && !found; t++)
                {
                    var (chunk, withSummary) = SnippetChoice.Try(t, guesses);
                    if (!Snippet(reader, SearchSchema.FirstBodyColumn + chunk, withSummary, ref body, ref summary))
                    {
                        break;
                    }

                    found = SnippetChoice.Found(body!, withSummary);
                }

                var shown = SnippetChoice.Shown(body, summary, _articles[article].Summary);
                results.Add(new SearchResult(_articles[article], SnippetMarkup.Split(shown)));
            }

            return results;
        }
        finally
        {
            _pool.Return(reader);
        }
    }

    /// <summary>One snippet query; false when the row did not match. Keeps the body passage
    /// <see cref="SnippetChoice.Keep"/> chooses, and the summary when it was read.</summary>
    private static bool Snippet(SearchReader reader, int column, bool withSummary, ref string? body, ref string? summary)
    {
        reader.SnippetColumn.Value = column;
        reader.SnippetSummary.Value = withSummary ? 1 : 0;
        using var rows = reader.Snippet.ExecuteReader();
        if (!rows.Read())
        {
            return false;
        }

        body = SnippetChoice.Keep(body, rows.GetString(0));
        if (withSummary && !rows.IsDBNull(1))
        {
            summary = rows.GetString(1);
        }

        return true;
    }

    private bool IsFuture(int id, DateOnly today)
    {
        var article = _articles[id];
        return article.Kind == ArticleKind.Post && article.Published is { } published && published > today;
    }
}
