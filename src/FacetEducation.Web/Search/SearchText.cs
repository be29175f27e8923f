using System.Text.RegularExpressions;

namespace FacetEducation.Web.Search;

/// <summary>
/// Splits text into words the way the index does (letters, marks and digits; everything else is a
/// separator), so that nothing a visitor types can reach FTS5's query syntax: the query is rebuilt
/// from these words alone, each one quoted.
/// </summary>
internal static partial class SearchText
{
    [GeneratedRegex(@"[\p{L}\p{M}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    /// <summary>The words of <paramref name="text"/>, lower case, in order.</summary>
    public static List<string> Words(string text) =>
        [.. WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant())];

    /// <summary>
    /// A rough stem, used only to match a visitor's words against the synonyms file ("twisting"
    /// finds the entry "twist"). The index itself stems with SQLite's Porter tokenizer; this only
    /// needs to treat both sides of a synonym comparison alike.
    /// </summary>
    public static string Stem(string word)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["ness", "ings", "ing", "ers", "er", "ed", "es", "ly", "s"])
        {
            if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                word = word[..^suffix.Length];
                break;
            }
        }

        if (word.Length > 3 && word[^1] == 'e')
        {
            word = word[..^1];
        }

        if (word.Length > 2 && word[^1] == word[^2] && !IsVowel(word[^1]))
        {
            word = word[..^1];
        }

        return word;
    }

    /// <summary>An FTS5 string: the words in double quotes (a phrase when there are several), inner
    /// quotes doubled. Words from <see cref="Words"/> never hold a quote; the doubling is belt and braces.</summary>
    public static string Quote(string phrase) => "\"" + phrase.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';
}
