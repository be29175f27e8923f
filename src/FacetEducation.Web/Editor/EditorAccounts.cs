using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Editor;

public enum SignInOutcome
{
    SignedIn,
    WrongPassword,
    LockedOut,
}

public sealed record SignInResult(SignInOutcome Outcome, EditorAccount? Account, DateTimeOffset? LockedUntil = null);

/// <summary>
/// Checks passwords against the configured accounts with ASP.NET Core Identity's password hasher,
/// and locks a user name for a while after too many failures in a row. The count lives in the
/// data folder's database, so neither a restart nor a second server process resets it.
/// </summary>
public sealed class EditorAccounts(IOptionsMonitor<EditorOptions> options, EditorDatabase database, TimeProvider time)
{
    private static readonly PasswordHasher<EditorAccount> Hasher = new();

    /// <summary>Verifying against this when the user name is unknown takes as long as a real check,
    /// so the response time does not reveal which user names exist.</summary>
    private static readonly string DummyHash = Hasher.HashPassword(new EditorAccount(), Guid.NewGuid().ToString());

    public bool AnyConfigured => options.CurrentValue.Accounts.Count > 0;

    public EditorAccount? Find(string? userName) =>
        userName is null ? null
        : options.CurrentValue.Accounts.FirstOrDefault(a => string.Equals(a.UserName, userName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The account of the signed-in user, read from configuration on every request (so a
    /// changed role or registration applies at once, and a removed account can do nothing).</summary>
    public EditorAccount? Current(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? Find(user.Identity.Name) : null;

    public async Task<SignInResult> SignInAsync(string userName, string password)
    {
        var key = userName.Trim().ToLowerInvariant();
        var now = time.GetUtcNow();
        var (failures, lockedUntil) = await ReadFailuresAsync(key);
        if (lockedUntil is { } lockEnds && lockEnds > now)
        {
            return new SignInResult(SignInOutcome.LockedOut, null, lockEnds);
        }

        var account = Find(key);
        var verdict = Hasher.VerifyHashedPassword(account ?? new EditorAccount(), account?.PasswordHash ?? DummyHash, password);
        if (account is not null && verdict is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded)
        {
            await WriteFailuresAsync(key, 0, null);
            return new SignInResult(SignInOutcome.SignedIn, account);
        }

        failures = lockedUntil is null ? failures + 1 : 1; // a lock that has run out starts a fresh count
        var o = options.CurrentValue;
        if (failures >= o.MaxFailedSignIns)
        {
            var until = now.AddMinutes(o.LockoutMinutes);
            await WriteFailuresAsync(key, failures, until);
            return new SignInResult(SignInOutcome.LockedOut, null, until);
        }

        await WriteFailuresAsync(key, failures, null);
        return new SignInResult(SignInOutcome.WrongPassword, null);
    }

    public static ClaimsPrincipal Principal(EditorAccount account, string scheme) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, account.UserName),
                new Claim(ClaimTypes.GivenName, account.DisplayName),
                new Claim(ClaimTypes.Role, account.IsReviewer ? EditorRoles.Reviewer : EditorRoles.Editor),
            ],
            scheme));

    private async Task<(int Failures, DateTimeOffset? LockedUntil)> ReadFailuresAsync(string key)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT failures, locked_until_utc FROM sign_in_failures WHERE user_name = $user";
        command.Parameters.AddWithValue("$user", key);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return (0, null);
        }

        return (reader.GetInt32(0), reader.IsDBNull(1) ? null
            : DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
    }

    private async Task WriteFailuresAsync(string key, int failures, DateTimeOffset? lockedUntil)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO sign_in_failures (user_name, failures, locked_until_utc) VALUES ($user, $failures, $until)
            ON CONFLICT (user_name) DO UPDATE SET failures = excluded.failures, locked_until_utc = excluded.locked_until_utc
            """;
        command.Parameters.AddWithValue("$user", key);
        command.Parameters.AddWithValue("$failures", failures);
        command.Parameters.AddWithValue("$until", (object?)lockedUntil?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }
}
