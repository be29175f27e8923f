using System.Globalization;
using System.Text;
using FacetEducation.Web.Seo;

namespace FacetEducation.Web.Admin;

/// <summary>Why a reset link was or was not sent.</summary>
public enum ResetLinkOutcome
{
    Sent,

    /// <summary>Only a reviewer sends reset links.</summary>
    NotReviewer,

    UnknownAccount,

    /// <summary>The account has no <c>Editor:Accounts:N:Email</c>: only the operator can reset it.</summary>
    NoEmail,

    /// <summary>The mail outbox could not be opened at start-up, so nothing can be queued.</summary>
    MailPaused,
}

/// <summary>
/// A reviewer sends a clinician a link to choose a new password, by email through the outbox (so it
/// is delivered even when the mail server is down for a while). The link carries a random token that
/// is in the email only (the database keeps its SHA-256), works once and for
/// <see cref="EditorPasswords.LinkLifetime"/>, and a newer link replaces an older one.
/// </summary>
public sealed class PasswordResetLinks(EditorAccounts accounts, EditorPasswords passwords, IEditorMail mail, SiteUrls urls, ILogger<PasswordResetLinks> logger)
{
    /// <summary>Where a link leads; the token travels in its query string, and the page posts it back in the form.</summary>
    public const string PagePath = "/admin/reset-password";

    public async Task<ResetLinkOutcome> SendAsync(EditorAccount reviewer, string? userName, CancellationToken cancellationToken)
    {
        if (!reviewer.IsReviewer)
        {
            return ResetLinkOutcome.NotReviewer;
        }

        if (accounts.Find(userName) is not { } account)
        {
            return ResetLinkOutcome.UnknownAccount;
        }

        if (string.IsNullOrWhiteSpace(account.Email))
        {
            return ResetLinkOutcome.NoEmail;
        }

        if (!mail.Available)
        {
            return ResetLinkOutcome.MailPaused;
        }

        var token = await passwords.CreateLinkAsync(account.UserName, reviewer.UserName);
        var body = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Hello {account.DisplayName},")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{reviewer.DisplayName} asked the clinic's website to let you choose a new password for its editor.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Choose it here. The link works once, within {EditorPasswords.LinkLifetime.TotalHours:0} hours:")
            .AppendLine(urls.Absolute($"{PagePath}?token={token}"))
            .AppendLine()
            .AppendLine("If you did not expect this email, you can ignore it: your password stays as it is.")
            .ToString();
        await mail.QueueAsync(new EditorEmail($"password-reset:{Guid.NewGuid():N}", EditorEmailKind.PasswordReset,
            account.DisplayName, account.Email.Trim(), "Choose a new password for the clinic editor", body,
            $"A link for {account.DisplayName} to choose a new password"), cancellationToken);
        logger.LogInformation("Reviewer {Reviewer} sent {User} a link to choose a new password", reviewer.UserName, account.UserName);
        return ResetLinkOutcome.Sent;
    }
}
