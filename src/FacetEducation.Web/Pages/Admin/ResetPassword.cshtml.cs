using FacetEducation.Web.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FacetEducation.Web.Pages.Admin;

/// <summary>Where a reset link leads: the clinician chooses a new password, once; every session of
/// theirs ends. The token comes in the link's query string and goes back in the form's body; the
/// page is never cached and sends no referrer, so the token goes nowhere else.</summary>
[RequestSizeLimit(SignInModel.MaxBodyBytes)]
[RequestFormLimits(ValueLengthLimit = SignInModel.MaxBodyBytes, ValueCountLimit = 16, KeyLengthLimit = 64)]
public sealed class ResetPasswordModel(EditorAccounts accounts, EditorPasswords passwords) : PageModel
{
    public const string LinkDoesNotWork = "This link no longer works: it has been used, a newer link was sent, or it is more than a day old. Ask a reviewer to send you a new one.";

    public string? Token { get; private set; }

    public EditorAccount? Account { get; private set; }

    public bool Done { get; private set; }

    public Dictionary<string, string> FieldErrors { get; } = [];

    public async Task OnGetAsync(string? token)
    {
        await LoadAsync(token);
    }

    public async Task<IActionResult> OnPostAsync(string? token, string? newPassword, string? repeatPassword)
    {
        await LoadAsync(token);
        if (Account is null)
        {
            return Page();
        }

        if (PasswordRule.Problem(newPassword) is { } problem)
        {
            FieldErrors["newPassword"] = problem;
        }
        else if (!string.Equals(newPassword, repeatPassword, StringComparison.Ordinal))
        {
            FieldErrors["repeatPassword"] = "The two passwords are not the same. Type the new password again in both boxes.";
        }

        if (FieldErrors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (!await accounts.SetPasswordFromLinkAsync(token!, Account.UserName, newPassword!))
        {
            Account = null;
            Response.StatusCode = StatusCodes.Status410Gone;
            return Page();
        }

        Done = true;
        return Page();
    }

    public string? ErrorFor(string field) => FieldErrors.GetValueOrDefault(field);

    private async Task LoadAsync(string? token)
    {
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Response.Headers.CacheControl = "no-store";
        Token = token;
        Account = accounts.Find(await passwords.LinkUserAsync(token));
        if (Account is null)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
        }
    }
}
