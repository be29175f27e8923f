using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace FacetEducation.Web.Enquiries;

/// <summary>
/// The time the form was shown, signed and encrypted with data protection, so that a bot cannot
/// forge an old one. A form sent back faster than a person could fill it in is asked again.
/// </summary>
public sealed class FormTimestamp(IDataProtectionProvider provider, TimeProvider time)
{
    private readonly IDataProtector _protector = provider.CreateProtector("FacetEducation.Enquiries.FormShownAt");

    public string Issue() =>
        _protector.Protect(time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>How long ago the form was shown, or null when the token is missing, forged or from lost keys.</summary>
    public TimeSpan? Elapsed(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var shown = long.Parse(_protector.Unprotect(token), CultureInfo.InvariantCulture);
            return time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(shown);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or FormatException or OverflowException)
        {
            return null;
        }
    }
}
