using System.Text.RegularExpressions;

namespace FacetEducation.Web.Search;

/// <summary>
/// The marks FTS5 puts around matched words in a snippet, and the text they are kept out of. The
/// marks are private-use characters removed from the indexed text (<see cref="Clean"/>), so any
/// found in a snippet are ours; the snippet is then split on them into plain parts, and no markup
/// ever comes out of SQLite.
/// </summary>
internal static partial class SnippetMarkup
{
    public const char MarkStart = '\uE000';
    public const char MarkEnd = '\uE001';

    [GeneratedRegex(@"[\s\uE000\uE001]+", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceAndMarks();

    /// <summary>Text as indexed: runs of white space (and any mark characters) become one space.</summary>
    public static string Clean(string text) => SpaceAndMarks().Replace(text, " ").Trim();

    /// <summary>Whether FTS5 marked a matched word in <paramref name="snippet"/>.</summary>
    public static bool HasMark(string? snippet) => snippet?.Contains(MarkStart, StringComparison.Ordinal) == true;

    /// <summary>Splits FTS5's marked-up snippet into plain and highlighted parts.</summary>
    public static List<SnippetPart> Split(string snippet)
    {
        var parts = new List<SnippetPart>();
        var position = 0;
        while (position < snippet.Length)
        {
            var start = snippet.IndexOf(MarkStart, position);
            if (start < 0)
            {
                parts.Add(new SnippetPart(snippet[position..], false));
                break;
            }

            if (start > position)
            {
                parts.Add(new SnippetPart(snippet[position..start], false));
            }

            var end = snippet.IndexOf(MarkEnd, start + 1);
            if (end < 0)
            {
                end = snippet.Length;
            }

            if (end > start + 1)
            {
                parts.Add(new SnippetPart(snippet[(start + 1)..end], true));
            }

            position = end + 1;
        }

        return parts;
    }
}
