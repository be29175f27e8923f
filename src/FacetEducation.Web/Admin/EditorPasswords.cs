using System.Buffers.Text;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FacetEducation.Web.Data;

namespace FacetEducation.Web.Admin;

/// <summary>
/// Passwords clinicians choose in the editor (table <c>editor_passwords</c>) and the one-time links
/// a reviewer sends so that one can be chosen (table <c>password_resets</c>, holding only a SHA-256
/// of each link's token). A chosen hash is stored with the fingerprint of the configured hash it
/// replaced and counts only while that configured hash is unchanged: a hash the operator later puts
/// in configuration wins. Setting a password ends the clinician's other sessions and any links still
/// open for them, in the same transaction, so nothing signed in with the old password survives it.
/// </summary>
public sealed class EditorPasswords(IEditorDatabase database, TimeProvider time)
{
    /// <summary>How long a reset link works after it is sent.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);

    /// <summary>The hash <paramref name="userName"/> chose, while <paramref name="configStamp"/> is still the configured hash's.</summary>
    public async Task<string?> ChosenHashAsync(string userName, string configStamp)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT password_hash FROM editor_passwords WHERE user_name = @user AND config_stamp = @stamp";
        Sql.Set(command, "@user", userName);
        Sql.Set(command, "@stamp", configStamp);
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>Stores <paramref name="hash"/> as <paramref name="userName"/>'s password and ends
    /// their sessions except <paramref name="keepSession"/> (the one that changed it, if any).</summary>
    public async Task SetAsync(string userName, string hash, string configStamp, string? keepSession)
    {
        await using var connection = database.Open();
        await using var transaction = await connection.BeginTransactionAsync();
        await SetAsync(connection, transaction, userName, hash, configStamp, keepSession);
        await transaction.CommitAsync();
    }

    /// <summary>A new link for <paramref name="userName"/>; links sent earlier for them stop working.</summary>
    public async Task<string> CreateLinkAsync(string userName, string requestedBy)
    {
        var token = Base64UrlToken();
        var now = time.GetUtcNow();
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM password_resets WHERE user_name = @user OR expires_utc < @now;
            INSERT INTO password_resets (token_hash, user_name, requested_by, created_utc, expires_utc) VALUES (@token, @user, @by, @now, @expires);
            """;
        Sql.Set(command, "@token", TokenHash(token));
        Sql.Set(command, "@user", userName);
        Sql.Set(command, "@by", requestedBy);
        Sql.Set(command, "@now", Format(now));
        Sql.Set(command, "@expires", Format(now + LinkLifetime));
        await command.ExecuteNonQueryAsync();
        return token;
    }

    /// <summary>Whose password the link with <paramref name="token"/> sets, or null when it is unknown, used or out of date.</summary>
    public async Task<string?> LinkUserAsync(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_name FROM password_resets WHERE token_hash = @token AND used_utc IS NULL AND expires_utc > @now";
        Sql.Set(command, "@token", TokenHash(token));
        Sql.Set(command, "@now", Format(time.GetUtcNow()));
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>Uses the link once: sets the password and ends every session of its clinician. False
    /// when the link was used, replaced or ran out meanwhile (nothing is changed then).</summary>
    public async Task<bool> UseLinkAsync(string token, string userName, string hash, string configStamp)
    {
        await using DbConnection connection = database.Open();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var claim = connection.CreateCommand())
        {
            claim.Transaction = transaction;
            claim.CommandText = "UPDATE password_resets SET used_utc = @now WHERE token_hash = @token AND user_name = @user AND used_utc IS NULL AND expires_utc > @now";
            Sql.Set(claim, "@token", TokenHash(token));
            Sql.Set(claim, "@user", userName);
            Sql.Set(claim, "@now", Format(time.GetUtcNow()));
            if (await claim.ExecuteNonQueryAsync() != 1)
            {
                return false;
            }
        }

        await SetAsync(connection, transaction, userName, hash, configStamp, keepSession: null);
        await transaction.CommitAsync();
        return true;
    }

    private async Task SetAsync(DbConnection connection, DbTransaction transaction, string userName, string hash, string configStamp, string? keepSession)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO editor_passwords (user_name, password_hash, config_stamp, changed_utc) VALUES (@user, @hash, @stamp, @now)
                ON CONFLICT (user_name) DO UPDATE SET password_hash = excluded.password_hash, config_stamp = excluded.config_stamp, changed_utc = excluded.changed_utc;
            DELETE FROM editor_sessions WHERE user_name = @user AND id <> @keep;
            DELETE FROM password_resets WHERE user_name = @user AND used_utc IS NULL;
            """;
        Sql.Set(command, "@user", userName);
        Sql.Set(command, "@hash", hash);
        Sql.Set(command, "@stamp", configStamp);
        Sql.Set(command, "@now", Format(time.GetUtcNow()));
        Sql.Set(command, "@keep", keepSession ?? string.Empty);
        await command.ExecuteNonQueryAsync();
    }

    private static string Base64UrlToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
