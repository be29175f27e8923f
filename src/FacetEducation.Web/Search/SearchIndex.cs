using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
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
    /// The body is stored as this many columns (<c>body0</c> ...), cut between blocks into runs of
    /// about equal length. bm25 sums every column's hits and takes the whole row's length, so with
    /// the same weight on each part the ranking is the one a single body column gives; but snippet()
    /// tokenizes the column it is asked for, so a snippet now reads an eighth of the body, not all of it.
    /// </summary>
    private const int BodyParts = 8;

    /// <summary>Chunks tried for a snippet before falling back to the summary.</summary>
    private const int SnippetTries = 2;

    private static readonly string BodyColumns = string.Join(", ", Enumerable.Range(0, BodyParts).Select(i => "body" + i));

    private static readonly string BodyWeights = string.Join(", ", Enumerable.Repeat("{0}", BodyParts));

    /// <summary>
    /// The ranking, two bm25 scores summed: the title alone (weight 10), and the rest (headings and
    /// FAQ questions 5, summary 3, body regions 2, body 1). FTS5's single bm25 with column weights
    /// lets a long article's many hits saturate the score and drown a title match; scoring the title
    /// apart keeps it worth most. (Each bm25 call walks every hit of the row again, so no more calls
    /// than that.) bm25 is negative, so the best match sorts first. Every body part has weight 1
    /// (a column left out of the list would get FTS5's default weight 1 too, so all are written out).
    /// </summary>
    private static readonly string Ranking =
        $"10.0 * bm25(docs, 1, 0, 0, 0, {string.Format(CultureInfo.InvariantCulture, BodyWeights, 0)}) + bm25(docs, 0, 5, 3, 2, {string.Format(CultureInfo.InvariantCulture, BodyWeights, 1)})";

    private static readonly string Schema = $"""
        CREATE VIRTUAL TABLE docs USING fts5(
            title, headings, summary, regions, {BodyColumns},
            tokenize = 'porter unicode61 remove_diacritics 2');
        """;

    private static readonly string RankSql = $"""
        SELECT rowid, {Ranking} AS score
        FROM docs
        WHERE docs MATCH $match
        ORDER BY score
        LIMIT $limit
        """;

    /// <summary>
    /// The snippet of one hit: the best passage of one body part (chosen in C#, see
    /// <see cref="SnippetParts"/>), and the summary highlighted in case only the title, headings or
    /// summary matched. Run only for the hits shown, by rowid: snippet() tokenizes the whole column
    /// it reads, which is why the body is in parts. The summary is highlighted (tokenized) only
    /// when the body parts seem to hold no query word, or on the last try.
    /// </summary>
    private const string SnippetSql = """
        SELECT snippet(docs, $column, $start, $end, '…', $words),
            CASE WHEN $summary THEN highlight(docs, 2, $start, $end) END
        FROM docs
        WHERE docs MATCH $match AND rowid = $id
        """;

    private const int FirstBodyColumn = 4;

    private readonly Article[] _articles;

    /// <summary>Each article's body parts, lower case, as indexed: only to choose which part a
    /// snippet is taken from (<see cref="SnippetParts"/>).</summary>
    private readonly string[][] _parts;
    private readonly (int Id, DateOnly Published)[] _posts;
    private readonly string _connectionString;
    private readonly SqliteConnection _keeper;
    private readonly ConcurrentBag<Reader> _idle = [];
    private int _references = 1;
    private int _disposed;

    private SearchIndex(long version, Synonyms synonyms, Article[] articles, string[][] parts, string connectionString, SqliteConnection keeper)
    {
        Version = version;
        Synonyms = synonyms;
        _articles = articles;
        _parts = parts;
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
        var parts = new string[articles.Length][];
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
                insert.CommandText = $"""
                    INSERT INTO docs (rowid, title, headings, summary, regions, {BodyColumns})
                    VALUES ($id, $title, $headings, $summary, $regions, {string.Join(", ", Enumerable.Range(0, BodyParts).Select(i => "$body" + i))})
                    """;
                var id = insert.Parameters.Add("$id", SqliteType.Integer);
                var title = insert.Parameters.Add("$title", SqliteType.Text);
                var headings = insert.Parameters.Add("$headings", SqliteType.Text);
                var summary = insert.Parameters.Add("$summary", SqliteType.Text);
                var regions = insert.Parameters.Add("$regions", SqliteType.Text);
                var body = Enumerable.Range(0, BodyParts).Select(i => insert.Parameters.Add("$body" + i, SqliteType.Text)).ToArray();
                for (var i = 0; i < articles.Length; i++)
                {
                    var article = articles[i];
                    id.Value = i;
                    title.Value = Clean(article.Title);
                    headings.Value = Clean(string.Join(" \n ", article.Contents.Select(c => c.Text).Concat(article.Faq.Select(f => f.Question))));
                    summary.Value = Clean(article.Summary);
                    regions.Value = Clean(string.Join(" \n ", article.Regions.Select(r => r.DisplayName())));
                    var split = BodyPartsOf(article.PlainText);
                    for (var p = 0; p < BodyParts; p++)
                    {
                        body[p].Value = split[p];
                        split[p] = split[p].ToLowerInvariant();
                    }

                    parts[i] = split;
                    insert.ExecuteNonQuery();
                }

                transaction.Commit();
            }

            // One b-tree instead of many segments: the index is never written again, so merge it now.
            Execute(keeper, "INSERT INTO docs(docs) VALUES ('optimize')");
            return new SearchIndex(snapshot.Version, synonyms, articles, parts, connectionString, keeper);
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
            while (_idle.TryTake(out var reader))
            {
                reader.Dispose();
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
        var notYet = 0;
        foreach (var (_, published) in _posts)
        {
            notYet += published > today ? 1 : 0;
        }

        var reader = Rent();
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
            _idle.Add(reader);
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

        var keys = PhraseKeys(phrases);
        var reader = Rent();
        try
        {
            reader.SnippetMatch.Value = match;
            Span<int> tries = stackalloc int[SnippetTries];
            foreach (var article in ids)
            {
                reader.SnippetId.Value = article;
                string? body = null;
                string? summary = null;
                var count = SnippetParts(_parts[article], keys, tries);
                // The guessed parts in turn without the summary; the summary only when no part was
                // guessed, or none of the guesses held a match (then once more, with it).
                var found = false;
                for (var t = 0; t <= count && !found; t++)
                {
                    var withSummary = count == 0 || t == count;
                    if (!Snippet(reader, FirstBodyColumn + (count == 0 ? 0 : tries[Math.Min(t, count - 1)]), withSummary, ref body, ref summary))
                    {
                        break;
                    }

                    found = body!.Contains(MarkStart, StringComparison.Ordinal) || withSummary;
                }

                var snippet = body is not null && (body.Contains(MarkStart, StringComparison.Ordinal) || summary?.Contains(MarkStart, StringComparison.Ordinal) != true)
                    ? body
                    : summary;
                results.Add(new SearchResult(_articles[article], Split(string.IsNullOrEmpty(snippet) ? _articles[article].Summary : snippet, MarkStart, MarkEnd)));
            }

            return results;
        }
        finally
        {
            _idle.Add(reader);
        }
    }

    /// <summary>One snippet query; false when the row did not match. Keeps the first body snippet,
    /// or a later one with a match in it.</summary>
    private static bool Snippet(Reader reader, int column, bool withSummary, ref string? body, ref string? summary)
    {
        reader.SnippetColumn.Value = column;
        reader.SnippetSummary.Value = withSummary ? 1 : 0;
        using var rows = reader.Snippet.ExecuteReader();
        if (!rows.Read())
        {
            return false;
        }

        var text = rows.GetString(0);
        if (body is null || text.Contains(MarkStart, StringComparison.Ordinal))
        {
            body = text;
        }

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

    /// <summary>The words looked for in the body parts: each phrase's words cut to a rough stem
    /// ("leaning" to "lean"), lower case. One list per phrase.</summary>
    private static string[][] PhraseKeys(IReadOnlyList<string> phrases)
    {
        var keys = new string[phrases.Count][];
        for (var i = 0; i < phrases.Count; i++)
        {
            var words = phrases[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            keys[i] = [.. words.Select(w => SearchText.Stem(w.ToLowerInvariant()))];
        }

        return keys;
    }

    /// <summary>
    /// Which body parts to take a snippet from, best first, into <paramref name="best"/>; returns how
    /// many (0 when no part has a query word, as when only the title matched). A part scores for
    /// each phrase whose words it holds (as word starts), the phrases found in fewer parts of the
    /// article counting more, so the part with the rare idea and the common one beats the part that
    /// only says "pain" often. A rough guess in C#, much cheaper than tokenizing every part: FTS5's
    /// snippet() then marks the exact matches, and a part where the guess was wrong is passed over.
    /// </summary>
    private static int SnippetParts(string[] parts, string[][] keys, Span<int> best)
    {
        Span<bool> found = stackalloc bool[BodyParts * Math.Max(keys.Length, 1)];
        Span<double> scores = stackalloc double[BodyParts];
        for (var k = 0; k < keys.Length; k++)
        {
            var inParts = 0;
            for (var p = 0; p < BodyParts; p++)
            {
                var all = keys[k].Length > 0;
                foreach (var word in keys[k])
                {
                    if (!HasWordStart(parts[p], word))
                    {
                        all = false;
                        break;
                    }
                }

                found[(k * BodyParts) + p] = all;
                inParts += all ? 1 : 0;
            }

            for (var p = 0; p < BodyParts && inParts > 0; p++)
            {
                scores[p] += found[(k * BodyParts) + p] ? 1.0 / inParts : 0;
            }
        }

        var count = 0;
        for (var t = 0; t < best.Length; t++)
        {
            var top = -1;
            for (var p = 0; p < BodyParts; p++)
            {
                if (scores[p] > 0 && (top < 0 || scores[p] > scores[top]))
                {
                    top = p;
                }
            }

            if (top < 0)
            {
                break;
            }

            best[count++] = top;
            scores[top] = 0;
        }

        return count;
    }

    /// <summary>Whether <paramref name="word"/> starts a word somewhere in <paramref name="text"/>.</summary>
    private static bool HasWordStart(string text, string word)
    {
        var from = 0;
        while (from < text.Length)
        {
            var at = text.AsSpan(from).IndexOf(word, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            at += from;
            if (at == 0 || !char.IsLetterOrDigit(text[at - 1]))
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    /// <summary>The plain text of an article cut into <see cref="BodyParts"/> parts between lines
    /// (blocks), each about an equal share of the text, cleaned as indexed.</summary>
    private static string[] BodyPartsOf(string plainText)
    {
        var lines = plainText.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(Clean)
            .Where(l => l.Length > 0)
            .ToList();
        var total = lines.Sum(l => l.Length + 1);
        var parts = new string[BodyParts];
        var part = new StringBuilder();
        var done = 0;
        var next = 0;
        for (var p = 0; p < BodyParts; p++)
        {
            // Take lines until this part reaches its share of what is left (at least one line, the
            // last part takes the rest).
            var share = (total - done) / (BodyParts - p);
            part.Clear();
            while (next < lines.Count && (p == BodyParts - 1 || part.Length == 0 || part.Length + lines[next].Length / 2 < share))
            {
                if (part.Length > 0)
                {
                    part.Append(' ');
                }

                part.Append(lines[next]);
                done += lines[next].Length + 1;
                next++;
            }

            parts[p] = part.ToString();
        }

        return parts;
    }

    private Reader Rent()
    {
        if (_idle.TryTake(out var reader))
        {
            return reader;
        }

        return new Reader(_connectionString);
    }

    /// <summary>Splits FTS5's marked-up snippet into plain and highlighted parts.</summary>
    private static List<SnippetPart> Split(string snippet, char markStart, char markEnd)
    {
        var parts = new List<SnippetPart>();
        var position = 0;
        while (position < snippet.Length)
        {
            var start = snippet.IndexOf(markStart, position);
            if (start < 0)
            {
                parts.Add(new SnippetPart(snippet[position..], false));
                break;
            }

            if (start > position)
            {
                parts.Add(new SnippetPart(snippet[position..start], false));
            }

            var end = snippet.IndexOf(markEnd, start + 1);
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

    /// <summary>A connection of the index's pool with its two statements prepared once: a query
    /// only sets parameters, rather than compiling SQL each time.</summary>
    private sealed class Reader : IDisposable
    {
        private readonly SqliteConnection _connection;

        public Reader(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            try
            {
                Rank = _connection.CreateCommand();
                Rank.CommandText = RankSql;
                RankMatch = Rank.Parameters.Add("$match", SqliteType.Text);
                RankLimit = Rank.Parameters.Add("$limit", SqliteType.Integer);
                Rank.Prepare();

                Snippet = _connection.CreateCommand();
                Snippet.CommandText = SnippetSql;
                Snippet.Parameters.AddWithValue("$start", MarkStart.ToString());
                Snippet.Parameters.AddWithValue("$end", MarkEnd.ToString());
                Snippet.Parameters.AddWithValue("$words", SnippetWords);
                SnippetMatch = Snippet.Parameters.Add("$match", SqliteType.Text);
                SnippetId = Snippet.Parameters.Add("$id", SqliteType.Integer);
                SnippetColumn = Snippet.Parameters.Add("$column", SqliteType.Integer);
                SnippetSummary = Snippet.Parameters.Add("$summary", SqliteType.Integer);
                Snippet.Prepare();
            }
            catch
            {
                _connection.Dispose();
                throw;
            }
        }

        public SqliteCommand Rank { get; }

        public SqliteParameter RankMatch { get; }

        public SqliteParameter RankLimit { get; }

        public SqliteCommand Snippet { get; }

        public SqliteParameter SnippetMatch { get; }

        public SqliteParameter SnippetId { get; }

        public SqliteParameter SnippetColumn { get; }

        public SqliteParameter SnippetSummary { get; }

        public void Dispose()
        {
            Rank.Dispose();
            Snippet.Dispose();
            _connection.Dispose();
        }
    }
}
