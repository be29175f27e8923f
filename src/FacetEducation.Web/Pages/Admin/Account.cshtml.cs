using FacetEducation.Web.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Pages.Admin;

/// <summary>A clinician's own account: change their password (their other sessions end); a
/// reviewer also sends another clinician a link to choose a new one.</summary>
[RequestSizeLimit(SignInModel.MaxBodyBytes)]
[RequestFormLimits(ValueLengthLimit = SignInModel.MaxBodyBytes, ValueCountLimit = 16, KeyLengthLimit = 64)]
public sealed class AccountModel(EditorAccounts accounts, PasswordResetLinks links, IOptionsMonitor<EditorOptions> options) : PageModel
{
    public EditorAccount Me { get; private set; } = new();

    /// <summary>The other accounts, for a reviewer's reset links.</summary>
    public IReadOnlyList<EditorAccount> Others { get; private set; } = [];

    public string? Message { get; private set; }

    public bool MessageIsError { get; private set; }

    public Dictionary<string, string> FieldErrors { get; } = [];

    public void OnGet(bool changed = false)
    {
        Load();
        if (changed)
        {
            Message = "Your password is changed. You are still signed in here; everywhere else you were signed in has been signed out.";
        }
    }

    public async Task<IActionResult> OnPostChangeAsync(string? currentPassword, string? newPassword, string? repeatPassword)
    {
        Load();
        if (string.IsNullOrEmpty(currentPassword))
        {
            FieldErrors["currentPassword"] = "Enter your current password.";
        }

        if (PasswordRule.Problem(newPassword) is { } problem)
        {
            FieldErrors["newPassword"] = problem;
        }
        else if (!string.Equals(newPassword, repeatPassword, StringComparison.Ordinal))
        {
            FieldErrors["repeatPassword"] = "The two new passwords are not the same. Type the new password again in both boxes.";
        }

        if (FieldErrors.Count == 0)
        {
            switch (await accounts.ChangePasswordAsync(User, currentPassword!, newPassword!, HttpContext.RequestAborted))
            {
                case PasswordChangeOutcome.Changed:
                    return RedirectToPage(new { changed = true });
                case PasswordChangeOutcome.WrongCurrentPassword:
                    FieldErrors["currentPassword"] = "That is not your current password. Your password has not been changed.";
                    break;
                default:
                    FieldErrors["newPassword"] = PasswordRule.Problem(newPassword) ?? "This password cannot be used.";
                    break;
            }
        }

        Message = "Your password has not been changed. Correct the fields marked below.";
        MessageIsError = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostSendLinkAsync(string? userName)
    {
        Load();
        var account = accounts.Find(userName);
        var name = account?.DisplayName ?? "that clinician";
        var outcome = await links.SendAsync(Me, userName, HttpContext.RequestAborted);
        (Message, MessageIsError) = outcome switch
        {
            ResetLinkOutcome.Sent => ($"A link to choose a new password is on its way to {name} by email. It works once, within {EditorPasswords.LinkLifetime.TotalHours:0} hours; their password stays as it is until they use it.", false),
            ResetLinkOutcome.NotReviewer => ("Only a reviewer can send a link to choose a new password.", true),
            ResetLinkOutcome.NoEmail => ($"{name} has no email address in the site's settings, so no link can be sent. The site's operator can set a new password for them (hash-password).", true),
            ResetLinkOutcome.MailPaused => ("The site's mail outbox is paused, so the link cannot be sent now. The dashboard says why.", true),
            _ => ("There is no account with that user name.", true),
        };
        if (MessageIsError)
        {
            Response.StatusCode = outcome == ResetLinkOutcome.NotReviewer ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public string? ErrorFor(string field) => FieldErrors.GetValueOrDefault(field);

    private void Load()
    {
        Me = accounts.Current(User) ?? throw new InvalidOperationException("The account page is for a signed-in clinician.");
        Others = [.. options.CurrentValue.Accounts.Where(a => !string.Equals(a.UserName, Me.UserName, StringComparison.OrdinalIgnoreCase))];
    }
}
