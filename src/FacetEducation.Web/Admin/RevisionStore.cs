using System.Data;
using System.Data.Common;
using System.Globalization;
using FacetEducation.Web.Data;
using Microsoft.Data.Sqlite;

namespace FacetEducation.Web.Admin;

/// <summary>Reads and appends revisions. Rows are never changed or deleted: history only grows.</summary>
public sealed class RevisionStore(IEditorDatabase database, TimeProvider time)
{
    private const string Columns = "id, path, text, hash, status, author, author_name, created_utc, summary, minor, signed_off_revision";

    /// <summary>Editing is paused (the database could not be opened at start-up): no history can be read or written.</summary>
    public bool Paused => database.Problem is not null;

    public async Task<Revision> AddAsync(string path, string text, RevisionStatus status, EditorAccount? author,
        string summary, bool minor = false, long? signedOffRevision = null)
    {
        var created = time.GetUtcNow();
        var hash = Revision.HashOf(text);
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO revisions (path, text, hash, status, author, author_name, created_utc, summary, minor, signed_off_revision)
            VALUES (@path, @text, @hash, @status, @author, @authorName, @created, @summary, @minor, @signed)
            RETURNING id
            """;
        Sql.Set(command, "@path", path);
        Sql.Set(command, "@text", text);
        Sql.Set(command, "@hash", hash);
        Sql.Set(command, "@status", status.ToString());
        Sql.Set(command, "@author", author?.UserName);
        Sql.Set(command, "@authorName", author?.DisplayName);
        Sql.Set(command, "@created", created.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Sql.Set(command, "@summary", summary);
        Sql.Set(command, "@minor", minor ? 1 : 0);
        Sql.Set(command, "@signed", signedOffRevision);
        var id = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        return new Revision(id, path, text, hash, status, author?.UserName, author?.DisplayName, created, summary, minor, signedOffRevision);
    }

    /// <summary>Adds one revision for each (path, text, summary), with no author, in one transaction: a
    /// thousand first versions cost one write to disk rather than a thousand. Returns them in order.</summary>
    public async Task<IReadOnlyList<Revision>> AddManyAsync(IReadOnlyCollection<(string Path, string Text, string Summary)> documents,
        RevisionStatus status, CancellationToken cancellationToken = default)
    {
        if (documents.Count == 0)
        {
            return [];
        }

        var created = time.GetUtcNow();
        await using var connection = database.Open();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO revisions (path, text, hash, status, created_utc, summary)
            VALUES (@path, @text, @hash, @status, @created, @summary)
            RETURNING id
            """;
        var path = Sql.Parameter(command, "@path", DbType.String);
        var text = Sql.Parameter(command, "@text", DbType.String);
        var hash = Sql.Parameter(command, "@hash", DbType.String);
        var summary = Sql.Parameter(command, "@summary", DbType.String);
        Sql.Set(command, "@status", status.ToString());
        Sql.Set(command, "@created", created.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        var added = new List<Revision>(documents.Count);
        foreach (var document in documents)
        {
            var documentHash = Revision.HashOf(document.Text);
            (path.Value, text.Value, hash.Value, summary.Value) = (document.Path, document.Text, documentHash, document.Summary);
            var id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            added.Add(new Revision(id, document.Path, document.Text, documentHash, status, null, null, created, document.Summary, false, null));
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    /// <summary>Every revision of one document, oldest first.</summary>
    public async Task<IReadOnlyList<Revision>> ListAsync(string path)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM revisions WHERE path = @path ORDER BY id";
        Sql.Set(command, "@path", path);
        return await ReadAsync(command);
    }

    /// <summary>For each document: its newest revision and its newest live (published or outside) one.</summary>
    public async Task<IReadOnlyList<Revision>> LatestAsync()
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM revisions WHERE id IN (
                SELECT MAX(id) FROM revisions GROUP BY path
                UNION SELECT MAX(id) FROM revisions WHERE status IN ('Published', 'Outside') GROUP BY path)
            ORDER BY id
            """;
        return await ReadAsync(command);
    }

    /// <summary>For each document whose newest revision is not published yet: that revision (a version
    /// waiting for sign-off, or a post saved with errors). Only those texts are read.</summary>
    public async Task<IReadOnlyList<Revision>> NewestPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM revisions WHERE id IN (SELECT MAX(id) FROM revisions GROUP BY path) AND status = 'Pending' ORDER BY id";
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>Every revision whose text contains <paramref name="fragment"/> (no LIKE wildcards in
    /// it), oldest first: the Pictures page's where-used reads only the texts that name a picture.</summary>
    public async Task<IReadOnlyList<Revision>> ContainingAsync(string fragment, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM revisions WHERE text LIKE @pattern ORDER BY id";
        Sql.Set(command, "@pattern", "%" + fragment + "%");
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>The newest live (published or outside) revision of one document, if any.</summary>
    public async Task<Revision?> LatestLiveAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM revisions WHERE path = @path AND status IN ('Published', 'Outside') ORDER BY id DESC LIMIT 1";
        Sql.Set(command, "@path", path);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>For each document with a live (published or outside) revision: the hash of the newest one.
    /// One query without the texts, so comparing a thousand files with their history stays cheap.</summary>
    public async Task<IReadOnlyDictionary<string, string>> LiveHashesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT path, hash FROM revisions WHERE id IN (
                SELECT MAX(id) FROM revisions WHERE status IN ('Published', 'Outside') GROUP BY path)
            """;
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hashes[reader.GetString(0)] = reader.GetString(1);
        }

        return hashes;
    }

    /// <summary>Every sign-off (oldest first) with the front matter it wrote: what <see cref="ReviewRecords"/>
    /// are made of.</summary>
    /// <remarks>Synchronous: the public pages need it once, before their first review line.</remarks>
    public IReadOnlyList<SignOffRow> SignOffs()
    {
        using var connection = database.Open();
        return ReadSignOffs(connection);
    }

    /// <summary>The sign-offs in an open <c>editor.db</c> (the site's, or one opened read-only by
    /// <c>check-content</c>). Only each text's front matter is read: a sign-off's record is the reviewer
    /// and dates it wrote there.</summary>
    internal static IReadOnlyList<SignOffRow> ReadSignOffs(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        // The text up to the end of its front matter ("---" on a line of its own after the first
        // line). The one expression the engines spell differently: SQLite's instr and char are
        // PostgreSQL's strpos and chr.
        var endOfFrontMatter = connection is SqliteConnection ? "instr(substr(text, 5), char(10) || '---')" : "strpos(substr(text, 5), chr(10) || '---')";
        command.CommandText = $"""
            SELECT id, path, substr(text, 1, {endOfFrontMatter} + 8), minor, created_utc, author_name
            FROM revisions WHERE status = 'Published' AND signed_off_revision IS NOT NULL ORDER BY id
            """;
        var list = new List<SignOffRow>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(new SignOffRow(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                Sql.Int64(reader, 3) != 0,
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return list;
    }

    private static async Task<IReadOnlyList<Revision>> ReadAsync(DbCommand command, CancellationToken cancellationToken = default)
    {
        var list = new List<Revision>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new Revision(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                Enum.Parse<RevisionStatus>(reader.GetString(4)),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                reader.GetString(8),
                Sql.Int64(reader, 9) != 0,
                reader.IsDBNull(10) ? null : Sql.Int64(reader, 10)));
        }

        return list;
    }
}

/// <summary>One sign-off as stored: the revision it wrote, the start of that text (its front matter),
/// whether it was a minor change, when, and who signed it.</summary>
public sealed record SignOffRow(long Revision, string Path, string FrontMatterText, bool Minor, DateTimeOffset Signed, string? SignedBy);
