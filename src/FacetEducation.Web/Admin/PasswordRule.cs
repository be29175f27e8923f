namespace FacetEducation.Web.Admin;

/// <summary>What a new password must be, wherever it is chosen: <c>hash-password</c>, the account page
/// and a reset link.</summary>
public static class PasswordRule
{
    public const int MinimumLength = 10;

    /// <summary>Long enough for any phrase; bounds the work of hashing what a form sends.</summary>
    public const int MaximumLength = 200;

    /// <summary>Why <paramref name="password"/> cannot be used, or null when it can.</summary>
    public static string? Problem(string? password) => password switch
    {
        null or { Length: < MinimumLength } => $"Choose a password of at least {MinimumLength} characters; a short phrase of several words is easy to remember and hard to guess.",
        { Length: > MaximumLength } => $"A password is at most {MaximumLength} characters; this one is longer.",
        _ => null,
    };
}
