using Microsoft.Data.Sqlite;

namespace FacetEducation.Web.Search;

/// <summary>A connection of an index's pool with its two statements prepared once: a query
/// only sets parameters, rather than compiling SQL each time.</summary>
internal sealed class SearchReader : IDisposable
{
    private readonly SqliteConnection _connection;

    public SearchReader(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        try
        {
            Rank = _connection.CreateCommand();
            Rank.CommandText = SearchSchema.RankSql;
            RankMatch = Rank.Parameters.Add("$match", SqliteType.Text);
            RankLimit = Rank.Parameters.Add("$limit", SqliteType.Integer);
            Rank.Prepare();

            Snippet = _connection.CreateCommand();
            Snippet.CommandText = SearchSchema.SnippetSql;
            Snippet.Parameters.AddWithValue("$start", SnippetMarkup.MarkStart.ToString());
            Snippet.Parameters.AddWithValue("$end", SnippetMarkup.MarkEnd.ToString());
            Snippet.Parameters.AddWithValue("$words", SearchSchema.SnippetWords);
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
