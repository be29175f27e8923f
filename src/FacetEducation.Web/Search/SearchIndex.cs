using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using FacetEducation.Web.Content;
using Microsoft.Data.Sqlite;

namespace FacetEducation.Web.Search;

/// <summary>
/// An SQLite FTS5 index of one content snapshot, held in a private in-memory database. It is built
/// once and only read afterwards; a new snapshot gets a new index, swapped in whole, so a query
/// never meets a half-built one. Readers each take a connection of their own from a small pool
/// (a shared-cache memory database allows concurrent readers), and a reference count keeps the
/// database alive until the last query on a retired index has finished.
/// </summary>
internal sealed partial class SearchIndex : IDisposable
{
    /// <summary>Private-use characters that FTS5 puts around matched words in a snippet. They are
    /// removed from the indexed text, so any found in a snippet are ours; the snippet is then split
    /// on them into plain parts, and no markup ever comes out of SQLite.</summary>
    private const char MarkStart = '\uE000';
    private const char MarkEnd = '\uE001';

    /// <summary>Words of the body shown in a snippet (FTS5 allows at most 64).</summary>
    private const int SnippetWords = 28;

    /// <summary>
    /// The ranking, two bm25 scores summed: the title alone (weight 10), and the rest (headings and
    /// FAQ questions 5, summary 3, body regions 2, body 1). FTS5's single bm25 with column weights
    /// lets a long article's many hits saturate the score and drown a title match; scoring the title
    /// apart keeps it worth most. (Each bm25 call walks every hit of the row again, so no more calls
    /// than that.) bm25 is negative, so the best match sorts first.
    /// </summary>
    private const string Ranking = "10.0 * bm25(docs, 1, 0, 0, 0, 0) + bm25(docs, 0, 5, 3, 2, 1)";

    private const string Schema = """
        CREATE VIRTUAL TABLE docs USING fts5(
            title, headings, summary, regions, body,
            tokenize = 'porter unicode61 remove_diacritics 2');
        """;

    private const string RankSql = $$"""
        SELECT rowid, {{Ranking}} AS score
        FROM docs
        WHERE docs MATCH $match
        ORDER BY score
        LIMIT $limit
        """;

    /// <summary>
    /// The snippet of one hit: the body's best passage, and the summary highlighted in case only the
    /// title, headings or summary matched. Run only for the hits shown, by rowid, because snippet()
    /// re-reads the whole body: computed for every match before sorting, it was most of a query's time.
    /// </summary>
    private const string SnippetSql = """
        SELECT snippet(docs, 4, $start, $end, '…', $words), highlight(docs, 2, $start, $end)
        FROM docs
        WHERE docs MATCH $match AND rowid = $id
        """;

    private readonly Article[] _articles;
    private readonly (int Id, DateOnly Published)[] _posts;
    private readonly string _connectionString;
    private readonly SqliteConnection _keeper;
    private readonly ConcurrentBag<SqliteConnection> _idle = [];
    private int _references = 1;
    private int _disposed;

    private SearchIndex(long version, Synonyms synonyms, Article[] articles, string connectionString, SqliteConnection keeper)
    {
        Version = version;
        Synonyms = synonyms;
        _articles = articles;
        _posts = [.. articles.Select((a, i) => (Id: i, a.Kind, a.Published))
            .Where(p => p.Kind == ArticleKind.Post && p.Published is not null)
            .Select(p => (p.Id, p.Published!.Value))];
        _connectionString = connectionString;
        _keeper = keeper;
    }

    /// <summary>The content snapshot version this index was built from.</summary>
    public long Version { get; }

    public Synonyms Synonyms { get; }

    public int Count => _articles.Length;

    [GeneratedRegex(@"[\s\uE000\uE001]+", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceAndMarks();

    /// <summary>Indexes every published article, post and page of <paramref name="snapshot"/>.
    /// Drafts are not in a snapshot at all; a post dated in the future is indexed but left out at
    /// query time (<see cref="Rank"/>), so it appears on its day without a rebuild.</summary>
    public static SearchIndex Build(ContentSnapshot snapshot, Synonyms synonyms)
    {
        var articles = snapshot.Published.ToArray();
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = "facet-search-" + Guid.NewGuid().ToString("N"),
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
            // The index keeps its own pool: a pooled connection would keep a retired database alive.
            Pooling = false,
        }.ToString();

        var keeper = new SqliteConnection(connectionString);
        try
        {
            keeper.Open();
            Execute(keeper, Schema);

            using (var transaction = keeper.BeginTransaction())
            using (var insert = keeper.CreateCommand())
            {
                insert.CommandText = """
                    INSERT INTO docs (rowid, title, headings, summary, regions, body)
                    VALUES ($id, $title, $headings, $summary, $regions, $body)
                    """;
                var id = insert.Parameters.Add("$id", SqliteType.Integer);
                var title = insert.Parameters.Add("$title", SqliteType.Text);
                var headings = insert.Parameters.Add("$headings", SqliteType.Text);
                var summary = insert.Parameters.Add("$summary", SqliteType.Text);
                var regions = insert.Parameters.Add("$regions", SqliteType.Text);
                var body = insert.Parameters.Add("$body", SqliteType.Text);
                for (var i = 0; i < articles.Length; i++)
                {
                    var article = articles[i];
                    id.Value = i;
                    title.Value = Clean(article.Title);
                    headings.Value = Clean(string.Join(" \n ", article.Contents.Select(c => c.Text).Concat(article.Faq.Select(f => f.Question))));
                    summary.Value = Clean(article.Summary);
                    regions.Value = Clean(string.Join(" \n ", article.Regions.Select(r => r.DisplayName())));
                    body.Value = Clean(article.PlainText);
                    insert.ExecuteNonQuery();
                }

                transaction.Commit();
            }

            // One b-tree instead of many segments: the index is never written again, so merge it now.
            Execute(keeper, "INSERT INTO docs(docs) VALUES ('optimize')");
            return new SearchIndex(snapshot.Version, synonyms, articles, connectionString, keeper);
        }
        catch
        {
            keeper.Dispose();
            throw;
        }
    }

    /// <summary>Takes a reference for one query; false once the index has been retired and freed.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            while (_idle.TryTake(out var connection))
            {
                connection.Dispose();
            }

            _keeper.Dispose();
        }
    }

    /// <summary>Retires the index: it is freed when the last query holding it finishes.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Release();
        }
    }

    /// <summary>The articles matching <paramref name="match"/> (an FTS5 expression built by
    /// <see cref="SearchQuery"/>), best first, at most <paramref name="limit"/>, leaving out those in
    /// <paramref name="skip"/>. The caller holds a reference (<see cref="TryAcquire"/>).</summary>
    public List<int> Rank(string match, DateOnly today, int limit, IReadOnlySet<int>? skip = null)
    {
        // Checked here rather than in SQL: reading a column of a matching row means loading the
        // whole row, body and all, which for a common word cost more than the ranking itself.
        var notYet = _posts.Where(p => p.Published > today).Select(p => p.Id).ToHashSet();
        var connection = Rent();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = RankSql;
            command.Parameters.AddWithValue("$match", match);
            command.Parameters.AddWithValue("$limit", limit + (skip?.Count ?? 0) + notYet.Count);
            var ids = new List<int>(limit);
            using var reader = command.ExecuteReader();
            while (ids.Count < limit && reader.Read())
            {
                var id = reader.GetInt32(0);
                if (skip?.Contains(id) != true && !notYet.Contains(id))
                {
                    ids.Add(id);
                }
            }

            return ids;
        }
        finally
        {
            _idle.Add(connection);
        }
    }

    /// <summary>The articles <paramref name="ids"/> as results, each with a snippet of the words of
    /// <paramref name="match"/> highlighted.</summary>
    public List<SearchResult> Results(IReadOnlyList<int> ids, string match)
    {
        var connection = Rent();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = SnippetSql;
            command.Parameters.AddWithValue("$start", MarkStart.ToString());
            command.Parameters.AddWithValue("$end", MarkEnd.ToString());
            command.Parameters.AddWithValue("$words", SnippetWords);
            command.Parameters.AddWithValue("$match", match);
            var id = command.Parameters.Add("$id", SqliteType.Integer);
            var results = new List<SearchResult>(ids.Count);
            foreach (var article in ids)
            {
                id.Value = article;
                string? snippet = null;
                using (var reader = command.ExecuteReader())
                {
                    if (reader.Read())
                    {
                        var body = reader.GetString(0);
                        var summary = reader.GetString(1);
                        snippet = body.Contains(MarkStart, StringComparison.Ordinal) || !summary.Contains(MarkStart, StringComparison.Ordinal) ? body : summary;
                    }
                }

                results.Add(new SearchResult(_articles[article], Split(string.IsNullOrEmpty(snippet) ? _articles[article].Summary : snippet)));
            }

            return results;
        }
        finally
        {
            _idle.Add(connection);
        }
    }

    private SqliteConnection Rent()
    {
        if (_idle.TryTake(out var connection))
        {
            return connection;
        }

        connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Splits FTS5's marked-up snippet into plain and highlighted parts.</summary>
    private static List<SnippetPart> Split(string snippet)
    {
        var parts = new List<SnippetPart>();
        var position = 0;
        while (position < snippet.Length)
        {
            var start = snippet.IndexOf(MarkStart, position);
            if (start < 0)
            {
                parts.Add(new SnippetPart(snippet[position..], false));
                break;
            }

            if (start > position)
            {
                parts.Add(new SnippetPart(snippet[position..start], false));
            }

            var end = snippet.IndexOf(MarkEnd, start + 1);
            if (end < 0)
            {
                end = snippet.Length;
            }

            if (end > start + 1)
            {
                parts.Add(new SnippetPart(snippet[(start + 1)..end], true));
            }

            position = end + 1;
        }

        return parts;
    }

    private static string Clean(string text) => SpaceAndMarks().Replace(text, " ").Trim();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
