using System.Globalization;
using System.Net;
using System.Text;
using MimeKit;

namespace FacetEducation.Web.Enquiries;

/// <summary>Why an email address was refused, so the form can say what to change.</summary>
public enum EmailProblem
{
    None,
    Format,
    LocalPartTooLong,
    IpLiteral,
}

/// <summary>
/// The visitor's email address: a bare address with a domain name, internationalised or not
/// (<c>user@bücher.example</c> and its punycode <c>user@xn--bcher-kva.example</c> are one domain).
/// Mail goes to the punycode form, which every server accepts without SMTPUTF8; the clinic reads
/// the address as the visitor typed it.
/// </summary>
public static class EmailAddresses
{
    public const int MaxLength = 254;

    /// <summary>RFC 5321's limit for the part before the @, in octets.</summary>
    public const int LocalPartMaxLength = 64;

    public static EmailProblem Check(string value)
    {
        var at = value.LastIndexOf('@');
        if (value.Length > MaxLength || at <= 0 || at == value.Length - 1 || value.IndexOf('@') != at || value.Any(char.IsWhiteSpace))
        {
            return EmailProblem.Format;
        }

        var local = value[..at];
        var domain = value[(at + 1)..];
        if (domain.StartsWith('['))
        {
            return EmailProblem.IpLiteral;
        }

        if (Encoding.UTF8.GetByteCount(local) > LocalPartMaxLength)
        {
            return EmailProblem.LocalPartTooLong;
        }

        if (AsciiDomain(domain) is not { } ascii)
        {
            return EmailProblem.Format;
        }

        // A domain of digits and dots is an IP address however it is written (127.0.0.1, 2130706433.0).
        var labels = ascii.Split('.');
        if (IPAddress.TryParse(ascii, out _) || labels[^1].All(char.IsAsciiDigit))
        {
            return EmailProblem.IpLiteral;
        }

        if (labels.Length < 2 || labels.Any(l => l.Length is 0 or > 63 || l.StartsWith('-') || l.EndsWith('-')))
        {
            return EmailProblem.Format;
        }

        // MimeKit has the last word on the local part: what it parses, MailKit can send.
        return MailboxAddress.TryParse(ParserOptions.Default, local + "@" + ascii, out var mailbox)
            && string.IsNullOrEmpty(mailbox.Name)
            && string.Equals(mailbox.LocalPart, local, StringComparison.Ordinal)
                ? EmailProblem.None
                : EmailProblem.Format;
    }

    /// <summary>The address with its domain in punycode, as it goes on the wire; the input when it has no valid domain.</summary>
    public static string ToAscii(string address)
    {
        var at = address.LastIndexOf('@');
        return at > 0 && AsciiDomain(address[(at + 1)..]) is { } ascii ? address[..(at + 1)] + ascii : address;
    }

    /// <summary>One address, however it was written: punycode domain, lower case (for counting acknowledgements).</summary>
    public static string Key(string address) => ToAscii(address).ToLowerInvariant();

    private static string? AsciiDomain(string domain)
    {
        if (domain.EndsWith('.'))
        {
            return null;
        }

        try
        {
            // UseStd3AsciiRules: letters, digits and hyphens only, as host names must be.
            var ascii = new IdnMapping { UseStd3AsciiRules = true }.GetAscii(domain);
            return ascii.Length is > 0 and <= 253 ? ascii : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
