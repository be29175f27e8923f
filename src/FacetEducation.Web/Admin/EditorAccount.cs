namespace FacetEducation.Web.Admin;

/// <summary>One clinician who may sign in to <c>/admin</c> (section <c>Editor:Accounts:N</c>).</summary>
public sealed class EditorAccount
{
    /// <summary>What they type to sign in.</summary>
    public string UserName { get; set; } = "";

    /// <summary>Their name as patients see it, for example on "Reviewed by".</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Professional registration, for example "HCPC PH123456"; written on articles they sign off.</summary>
    public string? Registration { get; set; }

    /// <summary><c>editor</c> (edits; cannot sign off condition articles) or <c>reviewer</c> (edits and signs off).</summary>
    public string Role { get; set; } = EditorRoles.Editor;

    /// <summary>
    /// Optional: where the site emails a reviewer that a version waits for their sign-off, and that
    /// a review is coming due (60 and 14 days before). Without it the dashboard alone reminds.
    /// </summary>
    public string? Email { get; set; }

    /// <summary>Made by <c>dotnet run --project src/FacetEducation.Web -- hash-password</c>.</summary>
    public string PasswordHash { get; set; } = "";

    public bool IsReviewer => string.Equals(Role, EditorRoles.Reviewer, StringComparison.OrdinalIgnoreCase);
}

public static class EditorRoles
{
    public const string Editor = "editor";
    public const string Reviewer = "reviewer";
}
