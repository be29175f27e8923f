using System.Globalization;
using System.Text;

namespace FacetEducation.Web.Search;

/// <summary>
/// The index's one FTS5 table and the statements that write and read it: the columns (title,
/// headings, summary, regions, then the body in <see cref="BodyChunks.Count"/> chunks), the
/// ranking, and the snippet query.
/// </summary>
internal static class SearchSchema
{
    /// <summary>Words of the body shown in a snippet (FTS5 allows at most 64).</summary>
    public const int SnippetWords = 28;

    /// <summary>The column number of <c>body0</c>: title, headings, summary and regions come first.</summary>
    public const int FirstBodyColumn = 4;

    // Before the SQL below, which reads it while the type initialises.
    private static readonly CompositeFormat BodyWeightsFormat = CompositeFormat.Parse(BodyWeights);

    public static readonly string Schema = $"""
        CREATE VIRTUAL TABLE docs USING fts5(
            title, headings, summary, regions, {BodyColumns},
            tokenize = 'porter unicode61 remove_diacritics 2');
        """;

    public static readonly string InsertSql = $"""
        INSERT INTO docs (rowid, title, headings, summary, regions, {BodyColumns})
        VALUES ($id, $title, $headings, $summary, $regions, {string.Join(", ", Enumerable.Range(0, BodyChunks.Count).Select(i => "$body" + i))})
        """;

    public static readonly string RankSql = $"""
        SELECT rowid, {Ranking} AS score
        FROM docs
        WHERE docs MATCH $match
        ORDER BY score
        LIMIT $limit
        """;

    /// <summary>
    /// The snippet of one hit: the best passage of one body chunk (chosen in C#, see
    /// <see cref="SnippetChoice"/>), and the summary highlighted in case only the title, headings or
    /// summary matched. Run only for the hits shown, by rowid: snippet() tokenizes the whole column
    /// it reads, which is why the body is in chunks. The summary is highlighted (tokenized) only
    /// when the body chunks seem to hold no query word, or on the last try.
    /// </summary>
    public const string SnippetSql = """
        SELECT snippet(docs, $column, $start, $end, '…', $words),
            CASE WHEN $summary THEN highlight(docs, 2, $start, $end) END
        FROM docs
        WHERE docs MATCH $match AND rowid = $id
        """;

    private static string BodyColumns => string.Join(", ", Enumerable.Range(0, BodyChunks.Count).Select(i => "body" + i));

    private static string BodyWeights => string.Join(", ", Enumerable.Repeat("{0}", BodyChunks.Count));

    /// <summary>
    /// The ranking, two bm25 scores summed: the title alone (weight 10), and the rest (headings and
    /// FAQ questions 5, summary 3, body regions 2, body 1). FTS5's single bm25 with column weights
    /// lets a long article's many hits saturate the score and drown a title match; scoring the title
    /// apart keeps it worth most. (Each bm25 call walks every hit of the row again, so no more calls
    /// than that.) bm25 is negative, so the best match sorts first. Every body chunk has weight 1
    /// (a column left out of the list would get FTS5's default weight 1 too, so all are written out).
    /// </summary>
    private static string Ranking =>
        $"10.0 * bm25(docs, 1, 0, 0, 0, {string.Format(CultureInfo.InvariantCulture, BodyWeightsFormat, 0)}) + bm25(docs, 0, 5, 3, 2, {string.Format(CultureInfo.InvariantCulture, BodyWeightsFormat, 1)})";
}
