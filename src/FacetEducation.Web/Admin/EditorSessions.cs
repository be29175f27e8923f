using System.Globalization;
using System.Security.Cryptography;
using FacetEducation.Web.Data;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Admin;

/// <summary>
/// Each sign-in is a row in the editor's database (<see cref="IEditorDatabase"/>; table <c>editor_sessions</c>: a random 128-bit id,
/// the user name and when it was last used). The cookie names its row, and a cookie whose row is
/// gone opens nothing: signing out deletes the row, so a copy of the cookie stops working at once.
/// Rows are created only by a correct password, so their number is bounded by real sign-ins; a row
/// is removed a week after its sign-in ran out (a run-out sign-in still rescues a draft, see
/// <see cref="DraftRescue"/>). On PostgreSQL every instance reads the same rows, so a sign-out on
/// one ends the session on all.
/// </summary>
public sealed class EditorSessions(IEditorDatabase database, IOptionsMonitor<EditorOptions> options, TimeProvider time)
{
    /// <summary>"Last used" is written at most this often, so checking a cookie is normally one read.</summary>
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(5);

    /// <summary>Starts a session for <paramref name="userName"/> and returns its id.</summary>
    public async Task<string> StartAsync(string userName)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow();
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM editor_sessions WHERE seen_utc < @cutoff;
            INSERT INTO editor_sessions (id, user_name, created_utc, seen_utc) VALUES (@id, @user, @now, @now);
            """;
        Sql.Set(command, "@cutoff", Format(now - KeptFor));
        Sql.Set(command, "@id", id);
        Sql.Set(command, "@user", userName);
        Sql.Set(command, "@now", Format(now));
        await command.ExecuteNonQueryAsync();
        return id;
    }

    /// <summary>Whether session <paramref name="id"/> of <paramref name="userName"/> has not been
    /// ended; notes that it is in use.</summary>
    public async Task<bool> IsOpenAsync(string? id, string userName)
    {
        if (string.IsNullOrEmpty(id))
        {
            return false;
        }

        var now = time.GetUtcNow();
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seen_utc FROM editor_sessions WHERE id = @id AND user_name = @user";
        Sql.Set(command, "@id", id);
        Sql.Set(command, "@user", userName);
        if (await command.ExecuteScalarAsync() is not string seen)
        {
            return false;
        }

        if (now - Parse(seen) > TouchEvery)
        {
            command.CommandText = "UPDATE editor_sessions SET seen_utc = @now WHERE id = @id";
            Sql.Set(command, "@now", Format(now));
            await command.ExecuteNonQueryAsync();
        }

        return true;
    }

    /// <summary>Ends session <paramref name="id"/>: every copy of its cookie stops working.</summary>
    public async Task EndAsync(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return;
        }

        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM editor_sessions WHERE id = @id";
        Sql.Set(command, "@id", id);
        await command.ExecuteNonQueryAsync();
    }

    private TimeSpan KeptFor => TimeSpan.FromHours(options.CurrentValue.SessionHours) + DraftRescue.MaxSinceExpiry;

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
