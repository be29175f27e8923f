using FacetEducation.Web.Admin;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FacetEducation.Web.Pages.Admin;

/// <summary>Signing out ends the session on the server too, so a copy of the cookie (on a shared
/// computer, say) stops working at the same moment.</summary>
public sealed class SignOutModel(EditorSessions sessions) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await sessions.EndAsync(User.FindFirst(EditorAccounts.SessionClaim)?.Value);
        await HttpContext.SignOutAsync(EditorAuth.Scheme);
        return Redirect(EditorAuth.SignInPath + "?signedOut=true");
    }
}
