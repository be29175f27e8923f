using System.Net;
using FacetEducation.Tests.Admin;
using FacetEducation.Tests.Infrastructure;
using FacetEducation.Web.Admin;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FacetEducation.Tests.Data;

/// <summary>
/// A site that switches from SQLite to <c>Data:Provider=Postgres</c> keeps its editor's history:
/// the <c>editor.db</c> in its data folder is copied into the shared database on the first start,
/// and never mixed with a history already there.
/// </summary>
public sealed class EditorHistoryImportTests(TestPostgres postgres) : IClassFixture<TestPostgres>
{
    private const string Reviewed = "conditions/reviewed-example.md";
    private const string Revisions = "SELECT id, path, hash, status, author, author_name, created_utc, summary, minor, signed_off_revision FROM revisions ORDER BY id";

    [SkippableFact]
    public async Task The_history_of_editor_db_moves_into_an_empty_database_and_the_review_it_backs_stays_on_the_page()
    {
        using var onPostgres = new EditorSite();
        var editorDb = Path.Combine(onPostgres.DataPath, "editor.db");
        List<object?[]> before;
        // The same site on SQLite first (its folders are the ones the PostgreSQL site will use).
        using (var onSqlite = new EditorSite())
        {
            onSqlite.With("Data:Path", onPostgres.DataPath).With("Content:Path", onPostgres.ContentPath);
            var text = TestContent.Condition("Reviewed example", "Some text.");
            onSqlite.WriteContent(Reviewed, text);
            onPostgres.WriteContent(Reviewed, text);
            await onSqlite.RecordSignOffAsync(Reviewed);
            await onSqlite.SignedInAsync("rita");
            before = DataFiles.Query(editorDb, Revisions);
        }

        SqliteConnection.ClearAllPools();
        var database = postgres.CreateDatabase();
        PostgresMigrationTests.OnPostgres(onPostgres, database);

        var (page, doc) = await onPostgres.CreateClient().GetPageAsync("/conditions/reviewed-example");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Reviewed by Test Reviewer", doc.QuerySelector(".review")!.TextContent, StringComparison.Ordinal);
        // Every revision with its id (a sign-off names the revision it signed), and the open session.
        Assert.Equal(before.Select(Normalise), TestPostgres.Query(database, Revisions).Take(before.Count).Select(Normalise));
        Assert.Single(TestPostgres.Query(database, "SELECT id FROM editor_sessions WHERE user_name = 'rita'"));
        Assert.False(File.Exists(editorDb));
        Assert.True(File.Exists(editorDb + ".imported"));
        Assert.Contains(onPostgres.Logs.Events, e => e.MessageTemplate.Text.StartsWith("Imported the editor's history from {File}", StringComparison.Ordinal));
        // New revisions go on after the imported ids.
        var added = await onPostgres.Services.GetRequiredService<RevisionStore>().AddAsync("pages/about.md", "About", RevisionStatus.Outside, null, "test");
        Assert.True(added.Id > (long)before[^1][0]!, $"new id {added.Id}");
    }

    [SkippableFact]
    public async Task An_editor_db_is_never_mixed_into_a_database_that_already_has_a_history()
    {
        using var first = new EditorSite();
        var database = postgres.CreateDatabase();
        await PostgresMigrationTests.OnPostgres(first, database).RecordSignOffAsync("conditions/facet-joint-pain.md");
        var history = TestPostgres.Query(database, Revisions);

        // A second instance whose data folder still has the editor.db of its SQLite days.
        using var second = new EditorSite();
        using (var onSqlite = new EditorSite())
        {
            onSqlite.With("Data:Path", second.DataPath);
            await onSqlite.SignedInAsync("rita");
        }

        SqliteConnection.ClearAllPools();
        PostgresMigrationTests.OnPostgres(second, database);
        Assert.Equal(HttpStatusCode.OK, (await (await second.SignedInAsync("eddie")).GetAsync(new Uri("/admin", UriKind.Relative))).StatusCode);

        Assert.True(File.Exists(Path.Combine(second.DataPath, "editor.db")));
        Assert.Contains(second.Logs.Events, e => e.MessageTemplate.Text.Contains("was not imported: the shared database already has an editor history", StringComparison.Ordinal));
        Assert.Equal(history, TestPostgres.Query(database, Revisions).Take(history.Count));
        Assert.Empty(TestPostgres.Query(database, "SELECT id FROM editor_sessions WHERE user_name = 'rita'"));
    }

    /// <summary>A row as text, whichever integer width the engine read it in.</summary>
    private static string Normalise(object?[] row) => string.Join("|", row.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)));
}
