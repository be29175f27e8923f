using System.Globalization;
using FacetEducation.Web.Admin;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FacetEducation.Web.Pages.Admin;

/// <remarks>The form has three short fields and a token, so its body is bounded tightly: a
/// user name is refused past <see cref="EditorAccounts.MaxUserNameLength"/> with a message beside
/// it, and a body past <see cref="MaxBodyBytes"/> never reaches the page.</remarks>
[RequestSizeLimit(MaxBodyBytes)]
[RequestFormLimits(ValueLengthLimit = MaxBodyBytes, ValueCountLimit = 16, KeyLengthLimit = 64)]
public sealed class SignInModel(EditorAccounts accounts, RescuedDrafts rescuedDrafts, ILogger<SignInModel> logger) : PageModel
{
    public const int MaxBodyBytes = 16 * 1024;

    public bool AnyAccounts => accounts.AnyConfigured;

    public string? Error { get; private set; }

    /// <summary>A problem with the user name itself, shown beside the field.</summary>
    public string? UserNameError { get; private set; }

    public string? UserName { get; private set; }

    public string? ReturnUrl { get; private set; }

    public bool SignedOut { get; private set; }

    /// <summary>The unsaved changes kept when the session ended during an edit, put back after signing in.</summary>
    public RescuedDraftInfo? RescuedDraft { get; private set; }

    public async Task OnGetAsync(string? returnUrl, bool signedOut = false)
    {
        ReturnUrl = returnUrl;
        SignedOut = signedOut;
        RescuedDraft = await FindRescuedDraftAsync(returnUrl);
    }

    public async Task<IActionResult> OnPostAsync(string? userName, string? password, string? returnUrl)
    {
        ReturnUrl = returnUrl;
        UserName = userName;
        RescuedDraft = await FindRescuedDraftAsync(returnUrl);
        if (!AnyAccounts)
        {
            return Page();
        }

        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            Error = "Enter your user name and password.";
            return Page();
        }

        var result = await accounts.SignInAsync(userName, password, HttpContext.Connection.RemoteIpAddress, HttpContext.RequestAborted);
        switch (result.Outcome)
        {
            case SignInOutcome.SignedIn:
                await HttpContext.SignInAsync(EditorAuth.Scheme, EditorAccounts.Principal(result.Account!, result.SessionId!, EditorAuth.Scheme),
                    new AuthenticationProperties { IsPersistent = false });
                logger.LogInformation("Editor {User} signed in", result.Account!.UserName);
                return LocalRedirect(IsAdminPath(returnUrl) ? returnUrl! : "/admin");
            case SignInOutcome.UserNameTooLong:
                UserName = userName[..EditorAccounts.MaxUserNameLength];
                UserNameError = $"A user name is at most {EditorAccounts.MaxUserNameLength} characters; this one is longer. Check what you typed and try again.";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case SignInOutcome.TooManyAttempts:
                var seconds = (int)Math.Ceiling(result.RetryAfter!.Value.TotalSeconds);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                Error = $"Too many sign-in attempts that did not work from your connection, so the password was not checked. Try again in {Wait(seconds)}. If you have forgotten the password, ask for a new one to be set.";
                return Page();
            default:
                Error = "The user name or password is not right. Check them and try again.";
                return Page();
        }
    }

    private static string Wait(int seconds) => seconds switch
    {
        1 => "1 second",
        < 120 => $"{seconds} seconds",
        _ => $"{(int)Math.Ceiling(seconds / 60.0)} minutes",
    };

    /// <summary>The rescued draft named by <c>draft=</c> in a return address to that draft's editor page.</summary>
    private async Task<RescuedDraftInfo?> FindRescuedDraftAsync(string? returnUrl)
    {
        if (!IsAdminPath(returnUrl) || returnUrl!.IndexOf('?', StringComparison.Ordinal) is var q && q < 0)
        {
            return null;
        }

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(returnUrl[q..]);
        var draft = query.TryGetValue("draft", out var values) && values.Count == 1 ? await rescuedDrafts.FindAsync(values[0]) : null;
        return draft is not null && string.Equals(returnUrl[..q], draft.Document.EditUrl, StringComparison.Ordinal) ? draft : null;
    }

    private bool IsAdminPath(string? url) =>
        !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) && url.StartsWith("/admin", StringComparison.OrdinalIgnoreCase);
}
