using System.Security.Cryptography;
using System.Text;

namespace FacetEducation.Web.Content;

/// <summary>A short fingerprint of a document's text (line endings normalised). The content store
/// keeps one per file and the editor one per revision, so the two can be compared without reading
/// either text again.</summary>
public static class TextHash
{
    public static string Of(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n"))))[..20];
}
