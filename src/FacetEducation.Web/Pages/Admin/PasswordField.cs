using FacetEducation.Web.Admin;

namespace FacetEducation.Web.Pages.Admin;

/// <summary>A password box of <c>_PasswordField</c>: its form name (also its id), label, what the browser may fill, hint and error.</summary>
public sealed record PasswordField(string Name, string Label, string Autocomplete, string? Hint = null, string? Error = null)
{
    public static string NewPasswordHint => $"At least {PasswordRule.MinimumLength} characters. A short phrase of several words is easy to remember and hard to guess.";
}
