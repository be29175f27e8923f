using System.ComponentModel.DataAnnotations;

namespace FacetEducation.Web.Admin;

/// <summary>The clinicians' editor at <c>/admin</c> (section <c>Editor</c>).</summary>
public sealed class EditorOptions
{
    public const string Section = "Editor";

    /// <summary>Who may sign in. None ship: with none configured, <c>/admin</c> explains how to add one.</summary>
    public List<EditorAccount> Accounts { get; set; } = [];

    /// <summary>A full review sets "next review due" this many months after today (3 years by default).</summary>
    [Range(1, 120)]
    public int ReviewIntervalMonths { get; set; } = 36;

    /// <summary>The largest picture that may be uploaded, in bytes (5 MB by default).</summary>
    [Range(1024, 50 * 1024 * 1024)]
    public int MaxUploadBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>The most pixels (width times height) an uploaded picture may have, read from its
    /// header before it is decoded (40 megapixels by default; decoding takes 4 bytes a pixel).</summary>
    [Range(1, 250_000_000)]
    public int MaxUploadPixels { get; set; } = 40_000_000;

    /// <summary>The longest side, in pixels, an uploaded picture may have.</summary>
    [Range(1, 65_535)]
    public int MaxUploadDimension { get; set; } = 16_384;

    /// <summary>Failed sign-ins from one address before each further try from it has to wait
    /// (1 second, doubling each time up to <see cref="MaxSignInDelayMinutes"/>).</summary>
    [Range(1, 100)]
    public int FailuresBeforeDelay { get; set; } = 5;

    /// <summary>The longest wait between tries from one address, in minutes.</summary>
    [Range(1, 24 * 60)]
    public int MaxSignInDelayMinutes { get; set; } = 15;

    /// <summary>Failed sign-ins at one account within an hour, from all addresses together, beyond
    /// which every sign-in at that account is slowed (never locked).</summary>
    [Range(1, 100_000)]
    public int AccountFailuresPerHour { get; set; } = 30;

    /// <summary>How long each sign-in at an account over <see cref="AccountFailuresPerHour"/> is
    /// held before its password is checked, in seconds.</summary>
    [Range(1, 60)]
    public int AccountDelaySeconds { get; set; } = 3;

    /// <summary>How long a sign-in lasts without activity, in hours (sliding).</summary>
    [Range(1, 24 * 14)]
    public int SessionHours { get; set; } = 8;

    /// <summary>Problems that stop the site starting, each naming the setting to fix.</summary>
    public IEnumerable<string> Validate()
    {
        for (var i = 0; i < Accounts.Count; i++)
        {
            var account = Accounts[i];
            var key = $"{Section}:Accounts:{i}";
            if (string.IsNullOrWhiteSpace(account.UserName))
            {
                yield return $"{key}:UserName is required.";
            }

            if (string.IsNullOrWhiteSpace(account.DisplayName))
            {
                yield return $"{key}:DisplayName is required (the name shown on articles they review).";
            }

            if (account.Role is not (EditorRoles.Editor or EditorRoles.Reviewer))
            {
                yield return $"{key}:Role must be '{EditorRoles.Editor}' or '{EditorRoles.Reviewer}'.";
            }

            if (!string.IsNullOrWhiteSpace(account.Email) && Enquiries.EmailAddresses.Check(account.Email.Trim()) != Enquiries.EmailProblem.None)
            {
                yield return $"{key}:Email must be one email address, like rita@example.org (or leave it out: the dashboard still lists what waits).";
            }

            if (string.IsNullOrWhiteSpace(account.PasswordHash))
            {
                yield return $"{key}:PasswordHash is required: make one with 'dotnet run --project src/FacetEducation.Web -- hash-password'.";
            }
        }

        foreach (var duplicate in Accounts.GroupBy(a => a.UserName, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            yield return $"{Section}:Accounts lists the user name '{duplicate.Key}' more than once.";
        }
    }
}
