using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FacetEducation.Web.Content;
using FacetEducation.Web.Data;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Admin;

/// <summary>Who a rescued draft belongs to and what it is for; the text itself stays in the database.</summary>
public sealed record RescuedDraftInfo(string Id, string UserName, DocumentId Document, string? Title, DateTimeOffset Created);

/// <summary>
/// Editor forms posted after the clinician's sign-in had run out, kept in the editor database
/// (<see cref="IEditorDatabase"/>, table <c>rescued_drafts</c>) so that signing in again puts them back in the editor instead of
/// losing them. A rescued draft is only ever shown in the form: nothing is saved or published until
/// the clinician presses Save, and that save still carries the fingerprint of the version they
/// opened, so the stale-save check protects a newer version saved by someone else.
/// </summary>
public sealed class RescuedDrafts(IEditorDatabase database, IOptions<ContentOptions> contentOptions, TimeProvider time)
{
    /// <summary>How long a rescued draft waits for its owner to sign in again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>At most this many rescued drafts are kept per user; older ones make way.</summary>
    public const int MaxPerUser = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Whether <paramref name="form"/> is small enough to keep: the same limit a save applies.</summary>
    public bool WithinSizeLimit(EditorForm form)
    {
        var limit = contentOptions.Value.MaxFileBytes;
        // Cheap bound first (a UTF-8 character is at most 3 bytes per UTF-16 unit), then the real text.
        var chars = new[] { form.Title, form.Summary, form.Condition, form.Author, form.Body, form.FrontMatterYaml, form.ChangeSummary, form.BaseHash }
            .Concat(form.Regions).Concat(form.Related)
            .Concat(form.Sources.SelectMany(s => new[] { s.Title, s.Publisher, s.Year, s.Url }))
            .Sum(s => (long)(s?.Length ?? 0));
        if (chars > limit)
        {
            return false;
        }

        return Encoding.UTF8.GetByteCount(form.ToText(string.Empty)) <= limit;
    }

    /// <summary>Keeps <paramref name="form"/> for <paramref name="account"/> and returns its new id.</summary>
    public async Task<string> SaveAsync(EditorAccount account, DocumentId document, EditorForm form)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow();
        await using var connection = database.Open();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var purge = connection.CreateCommand())
        {
            purge.CommandText = """
                DELETE FROM rescued_drafts WHERE created_utc < @cutoff;
                DELETE FROM rescued_drafts WHERE user_name = @user AND id NOT IN
                    (SELECT id FROM rescued_drafts WHERE user_name = @user ORDER BY created_utc DESC LIMIT @keep);
                """;
            Sql.Set(purge, "@cutoff", Stamp(now - Lifetime));
            Sql.Set(purge, "@user", account.UserName.ToLowerInvariant());
            Sql.Set(purge, "@keep", MaxPerUser - 1);
            await purge.ExecuteNonQueryAsync();
        }

        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO rescued_drafts (id, user_name, path, title, form_json, created_utc)
                VALUES (@id, @user, @path, @title, @form, @created)
                """;
            Sql.Set(insert, "@id", id);
            Sql.Set(insert, "@user", account.UserName.ToLowerInvariant());
            Sql.Set(insert, "@path", document.RelativePath);
            Sql.Set(insert, "@title", Shorten(form.Title));
            Sql.Set(insert, "@form", JsonSerializer.Serialize(form, Json));
            Sql.Set(insert, "@created", Stamp(now));
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return id;
    }

    /// <summary>Who and what a draft is for, if it exists and has not run out; its text is not read.</summary>
    public async Task<RescuedDraftInfo?> FindAsync(string? id)
    {
        if (!IsWellFormed(id))
        {
            return null;
        }

        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_name, path, title, created_utc FROM rescued_drafts WHERE id = @id";
        Sql.Set(command, "@id", id);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync() || !DocumentId.TryFromRelativePath(reader.GetString(1), out var document))
        {
            return null;
        }

        var created = DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return created < time.GetUtcNow() - Lifetime
            ? null
            : new RescuedDraftInfo(id!, reader.GetString(0), document, reader.IsDBNull(2) ? null : reader.GetString(2), created);
    }

    /// <summary>
    /// The form kept under <paramref name="id"/>, removed from the database as it is handed over, if
    /// it was rescued for <paramref name="account"/>, for <paramref name="document"/>, and has not
    /// run out. Anyone else's draft is left where it is (and not shown).
    /// </summary>
    public async Task<EditorForm?> TakeAsync(string? id, DocumentId document, EditorAccount account)
    {
        await PurgeAsync();
        var info = await FindAsync(id);
        if (info is null || info.Document != document
            || !string.Equals(info.UserName, account.UserName, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM rescued_drafts WHERE id = @id RETURNING form_json";
        Sql.Set(command, "@id", id);
        if (await command.ExecuteScalarAsync() is not string json)
        {
            return null; // taken by another request in the meantime
        }

        try
        {
            return JsonSerializer.Deserialize<EditorForm>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The drafts not run out whose kept form contains <paramref name="fragment"/> (no LIKE
    /// wildcards in it), with that form as stored: a rescued draft's pictures count as used.</summary>
    public async Task<IReadOnlyList<(RescuedDraftInfo Info, string FormJson)>> ContainingAsync(string fragment)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, user_name, path, title, created_utc, form_json FROM rescued_drafts
            WHERE created_utc >= @cutoff AND form_json LIKE @pattern ORDER BY created_utc
            """;
        Sql.Set(command, "@cutoff", Stamp(time.GetUtcNow() - Lifetime));
        Sql.Set(command, "@pattern", "%" + fragment + "%");
        var list = new List<(RescuedDraftInfo, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (DocumentId.TryFromRelativePath(reader.GetString(2), out var document))
            {
                var created = DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                list.Add((new RescuedDraftInfo(reader.GetString(0), reader.GetString(1), document, reader.IsDBNull(3) ? null : reader.GetString(3), created), reader.GetString(5)));
            }
        }

        return list;
    }

    /// <summary>How many rescued drafts are kept (for tests and the curious).</summary>
    public async Task<int> CountAsync()
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM rescued_drafts";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Removes drafts older than <see cref="Lifetime"/>.</summary>
    public async Task PurgeAsync()
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM rescued_drafts WHERE created_utc < @cutoff";
        Sql.Set(command, "@cutoff", Stamp(time.GetUtcNow() - Lifetime));
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A draft id is 32 lower-case hexadecimal digits (128 random bits).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: 32 } && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>Reads the editor's fields from a posted form the way the page's model binding does.</summary>
    public static EditorForm FormFrom(IFormCollection posted)
    {
        string? Text(string field) => posted.TryGetValue("Form." + field, out var values) && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
        bool Flag(string field) => bool.TryParse(Text(field), out var value) && value;

        return new EditorForm
        {
            Title = Text(nameof(EditorForm.Title)),
            Summary = Text(nameof(EditorForm.Summary)),
            Regions = [.. posted["Form." + nameof(EditorForm.Regions)].Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r!)],
            Condition = Text(nameof(EditorForm.Condition)),
            Author = Text(nameof(EditorForm.Author)),
            Published = DateOnly.TryParse(Text(nameof(EditorForm.Published)), CultureInfo.InvariantCulture, out var date) ? date : null,
            Draft = Flag(nameof(EditorForm.Draft)),
            Featured = Flag(nameof(EditorForm.Featured)),
            Related = [.. posted["Form." + nameof(EditorForm.Related)].Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r!)],
            // Rows are read from index 0 up to the first missing one, as model binding reads a list.
            Sources = [.. Enumerable.Range(0, 1000)
                .TakeWhile(i => posted.Keys.Any(k => k.StartsWith($"Form.Sources[{i}].", StringComparison.Ordinal)))
                .Select(i => new EditorForm.SourceRow
                {
                    Title = Text($"Sources[{i}].Title"),
                    Publisher = Text($"Sources[{i}].Publisher"),
                    Year = Text($"Sources[{i}].Year"),
                    Url = Text($"Sources[{i}].Url"),
                    Remove = Flag($"Sources[{i}].Remove"),
                })],
            Body = Text(nameof(EditorForm.Body)),
            FrontMatterYaml = Text(nameof(EditorForm.FrontMatterYaml)),
            BaseHash = Text(nameof(EditorForm.BaseHash)) ?? string.Empty,
            ChangeSummary = Text(nameof(EditorForm.ChangeSummary)),
            Minor = Flag(nameof(EditorForm.Minor)),
        };
    }

    private static string? Shorten(string? title) =>
        string.IsNullOrWhiteSpace(title) ? null : title.ReplaceLineEndings(" ").Trim() is { Length: > 200 } t ? t[..200] : title.ReplaceLineEndings(" ").Trim();

    private static string Stamp(DateTimeOffset when) => when.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
