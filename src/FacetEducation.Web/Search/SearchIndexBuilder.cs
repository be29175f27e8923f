using FacetEducation.Web.Content;
using Microsoft.Data.Sqlite;

namespace FacetEducation.Web.Search;

/// <summary>
/// Builds the <see cref="SearchIndex"/> of one content snapshot into a private in-memory database:
/// created, filled in one transaction and merged, then only read.
/// </summary>
internal static class SearchIndexBuilder
{
    /// <summary>Indexes every published article, post and page of <paramref name="snapshot"/>.
    /// Drafts are not in a snapshot at all; a post dated in the future is indexed but left out at
    /// query time (<see cref="SearchIndex.Rank"/>), so it appears on its day without a rebuild.</summary>
    public static SearchIndex Build(ContentSnapshot snapshot, Synonyms synonyms)
    {
        var articles = snapshot.Published.ToArray();
        var chunks = new string[articles.Length][];
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
            Execute(keeper, SearchSchema.Schema);

            using (var transaction = keeper.BeginTransaction())
            using (var insert = keeper.CreateCommand())
            {
                insert.CommandText = SearchSchema.InsertSql;
                var id = insert.Parameters.Add("$id", SqliteType.Integer);
                var title = insert.Parameters.Add("$title", SqliteType.Text);
                var headings = insert.Parameters.Add("$headings", SqliteType.Text);
                var summary = insert.Parameters.Add("$summary", SqliteType.Text);
                var regions = insert.Parameters.Add("$regions", SqliteType.Text);
                var body = Enumerable.Range(0, BodyChunks.Count).Select(i => insert.Parameters.Add("$body" + i, SqliteType.Text)).ToArray();
                for (var i = 0; i < articles.Length; i++)
                {
                    var article = articles[i];
                    id.Value = i;
                    title.Value = SnippetMarkup.Clean(article.Title);
                    headings.Value = SnippetMarkup.Clean(string.Join(" \n ", article.Contents.Select(c => c.Text).Concat(article.Faq.Select(f => f.Question))));
                    summary.Value = SnippetMarkup.Clean(article.Summary);
                    regions.Value = SnippetMarkup.Clean(string.Join(" \n ", article.Regions.Select(r => r.DisplayName())));
                    var split = BodyChunks.Split(article.PlainText);
                    for (var p = 0; p < BodyChunks.Count; p++)
                    {
                        body[p].Value = split[p];
                        split[p] = split[p].ToLowerInvariant();
                    }

                    chunks[i] = split;
                    insert.ExecuteNonQuery();
                }

                transaction.Commit();
            }

            // One b-tree instead of many segments: the index is never written again, so merge it now.
            Execute(keeper, "INSERT INTO docs(docs) VALUES ('optimize')");
            return new SearchIndex(snapshot.Version, synonyms, articles, chunks, new SearchReaderPool(connectionString, keeper));
        }
        catch
        {
            keeper.Dispose();
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
