using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Admin;

public enum SignInOutcome
{
    SignedIn,
    WrongPassword,

    /// <summary>Too many tries from this address: refused before the password was looked at.</summary>
    TooManyAttempts,

    /// <summary>Longer than <see cref="EditorAccounts.MaxUserNameLength"/>: refused before anything else.</summary>
    UserNameTooLong,
}

public sealed record SignInResult(SignInOutcome Outcome, EditorAccount? Account = null, string? SessionId = null, TimeSpan? RetryAfter = null);

/// <summary>
/// Checks passwords against the configured accounts with ASP.NET Core Identity's password hasher,
/// behind the <see cref="SignInThrottle"/>, and starts an <see cref="EditorSessions">editor
/// session</see> for each sign-in. Nothing a visitor types is stored.
/// </summary>
public sealed class EditorAccounts(
    IOptionsMonitor<EditorOptions> options,
    IPasswordHasher<EditorAccount> hasher,
    SignInThrottle throttle,
    EditorSessions sessions,
    TimeProvider time,
    ILogger<EditorAccounts> logger)
{
    /// <summary>The longest user name the form takes; a longer one is refused before anything is done with it.</summary>
    public const int MaxUserNameLength = 100;

    /// <summary>The claim naming the cookie's row in <see cref="EditorSessions"/>.</summary>
    public const string SessionClaim = "facet:session";

    /// <summary>The claim holding a fingerprint of the password hash the cookie was issued under,
    /// so that a changed hash in configuration ends every session started with the old one.</summary>
    public const string StampClaim = "facet:stamp";

    /// <summary>Verifying against this when the user name is unknown takes as long as a real check,
    /// so the response time does not reveal which user names exist.</summary>
    private readonly Lazy<string> _dummyHash = new(() => hasher.HashPassword(new EditorAccount(), Guid.NewGuid().ToString()));

    public bool AnyConfigured => options.CurrentValue.Accounts.Count > 0;

    /// <summary>The reviewers who gave an email address (<c>Editor:Accounts:N:Email</c>), for sign-off requests and review reminders.</summary>
    public IReadOnlyList<EditorAccount> ReviewersWithEmail =>
        [.. options.CurrentValue.Accounts.Where(a => a.IsReviewer && !string.IsNullOrWhiteSpace(a.Email))];

    public EditorAccount? Find(string? userName) =>
        userName is null ? null
        : options.CurrentValue.Accounts.FirstOrDefault(a => string.Equals(a.UserName, userName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The account of the signed-in user, read from configuration on every request (so a
    /// changed role or registration applies at once, and a removed account can do nothing).</summary>
    public EditorAccount? Current(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? Find(user.Identity.Name) : null;

    public async Task<SignInResult> SignInAsync(string userName, string password, IPAddress? address, CancellationToken cancellationToken)
    {
        if (userName.Length > MaxUserNameLength)
        {
            return new SignInResult(SignInOutcome.UserNameTooLong);
        }

        if (await throttle.TryBeginAsync(address) is { } wait)
        {
            logger.LogDebug("Editor sign-in refused without checking the password: too many tries from one address");
            return new SignInResult(SignInOutcome.TooManyAttempts, RetryAfter: wait);
        }

        var account = Find(userName.Trim());
        if (await throttle.AccountDelayAsync(account?.UserName) is { } hold && hold > TimeSpan.Zero)
        {
            logger.LogInformation("Editor sign-in at {Account} held for {Seconds} s: many failed sign-ins at it in the last hour",
                account?.UserName ?? "(an unknown user name)", hold.TotalSeconds);
            await Task.Delay(hold, time, cancellationToken);
        }

        var verdict = hasher.VerifyHashedPassword(account ?? new EditorAccount(), account?.PasswordHash ?? _dummyHash.Value, password);
        if (account is null || verdict is not (PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded))
        {
            await throttle.FailedAsync(account?.UserName);
            return new SignInResult(SignInOutcome.WrongPassword);
        }

        await throttle.SucceededAsync(address);
        return new SignInResult(SignInOutcome.SignedIn, account, await sessions.StartAsync(account.UserName));
    }

    /// <summary>Whether a cookie's principal still opens <c>/admin</c>: its account exists, its
    /// password hash is the one it signed in with, and its session has not been ended.</summary>
    public async Task<bool> IsValidAsync(ClaimsPrincipal? principal)
    {
        var account = principal?.Identity?.Name is { } name ? Find(name) : null;
        return account is not null
            && principal!.FindFirst(StampClaim)?.Value == Stamp(account)
            && await sessions.IsOpenAsync(principal.FindFirst(SessionClaim)?.Value, account.UserName);
    }

    public static ClaimsPrincipal Principal(EditorAccount account, string sessionId, string scheme) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, account.UserName),
                new Claim(ClaimTypes.GivenName, account.DisplayName),
                new Claim(ClaimTypes.Role, account.IsReviewer ? EditorRoles.Reviewer : EditorRoles.Editor),
                new Claim(SessionClaim, sessionId),
                new Claim(StampClaim, Stamp(account)),
            ],
            scheme));

    /// <summary>A fingerprint of the password hash (the cookie is encrypted, but the hash itself
    /// has no business travelling in it).</summary>
    private static string Stamp(EditorAccount account) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(account.PasswordHash))[..16]);
}
