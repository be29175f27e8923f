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

/// <summary>How a clinician's change of their own password went.</summary>
public enum PasswordChangeOutcome
{
    Changed,
    WrongCurrentPassword,

    /// <summary>The new password breaks <see cref="PasswordRule"/>.</summary>
    NotAllowed,
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
    EditorPasswords passwords,
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

        if (account is null || !await VerifyAsync(account, password))
        {
            if (account is null)
            {
                hasher.VerifyHashedPassword(new EditorAccount(), _dummyHash.Value, password);
            }

            await throttle.FailedAsync(account?.UserName);
            return new SignInResult(SignInOutcome.WrongPassword);
        }

        await throttle.SucceededAsync(address);
        return new SignInResult(SignInOutcome.SignedIn, account, await sessions.StartAsync(account.UserName));
    }

    /// <summary>Changes the signed-in clinician's password after checking their current one; their
    /// other sessions end, the one in <paramref name="principal"/> goes on.</summary>
    public async Task<PasswordChangeOutcome> ChangePasswordAsync(ClaimsPrincipal principal, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        var account = Current(principal) ?? throw new InvalidOperationException("Only a signed-in clinician changes their password.");
        if (await throttle.AccountDelayAsync(account.UserName) is { } hold && hold > TimeSpan.Zero)
        {
            await Task.Delay(hold, time, cancellationToken);
        }

        if (!await VerifyAsync(account, currentPassword))
        {
            await throttle.FailedAsync(account.UserName);
            return PasswordChangeOutcome.WrongCurrentPassword;
        }

        if (PasswordRule.Problem(newPassword) is not null)
        {
            return PasswordChangeOutcome.NotAllowed;
        }

        await passwords.SetAsync(account.UserName, hasher.HashPassword(account, newPassword), Stamp(account), principal.FindFirst(SessionClaim)?.Value);
        logger.LogInformation("Editor {User} changed their password; their other sessions ended", account.UserName);
        return PasswordChangeOutcome.Changed;
    }

    /// <summary>Sets <paramref name="userName"/>'s password through a reset link, once; false when the link no longer works.</summary>
    public async Task<bool> SetPasswordFromLinkAsync(string token, string userName, string newPassword)
    {
        var account = Find(userName);
        if (account is null || PasswordRule.Problem(newPassword) is not null)
        {
            return false;
        }

        var used = await passwords.UseLinkAsync(token, account.UserName, hasher.HashPassword(account, newPassword), Stamp(account));
        if (used)
        {
            logger.LogInformation("Editor {User} chose a new password through a reset link; all their sessions ended", account.UserName);
        }

        return used;
    }

    /// <summary>Checks <paramref name="password"/> against the account's password: the one they chose
    /// here while the configured hash is the one it replaced, else the configured hash.</summary>
    private async Task<bool> VerifyAsync(EditorAccount account, string password)
    {
        var hash = await passwords.ChosenHashAsync(account.UserName, Stamp(account)) ?? account.PasswordHash;
        return hasher.VerifyHashedPassword(account, hash, password) is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;
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
