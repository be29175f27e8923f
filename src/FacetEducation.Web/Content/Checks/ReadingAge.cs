using System.Text.RegularExpressions;

namespace FacetEducation.Web.Content.Checks;

/// <summary>
/// How hard a text is to read, by the Flesch-Kincaid grade level
/// (0.39 × words per sentence + 11.8 × syllables per word − 15.59), shown as a UK reading age:
/// a US school grade plus five years. The NHS aims for a reading age of about 9 to 11.
/// </summary>
public sealed partial record ReadingAge(double Grade, int Words, int Sentences)
{
    /// <summary>Above this UK reading age a text gets a warning.</summary>
    public const double WarnAbove = 11;

    /// <summary>Above this UK reading age a text gets an error-level finding.</summary>
    public const double ErrorAbove = 14;

    /// <summary>The UK reading age in years, to one decimal place.</summary>
    public double Years => Math.Round(Grade + 5, 1);

    [GeneratedRegex(@"[.!?]+(?=\s|$)|\n", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[A-Za-z]+(?:['’][A-Za-z]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex("[aeiouy]+", RegexOptions.CultureInvariant)]
    private static partial Regex VowelGroup();

    /// <summary>Measures plain text (no Markdown). Lines without a full stop, such as list items and
    /// headings, count as sentences of their own, as a reader takes them. Null when there are no words.</summary>
    public static ReadingAge? Measure(string plainText)
    {
        var words = 0;
        var sentences = 0;
        var syllables = 0;
        foreach (var sentence in SentenceEnd().Split(plainText))
        {
            var found = false;
            foreach (Match word in Word().Matches(sentence))
            {
                found = true;
                words++;
                syllables += Syllables(word.Value);
            }

            if (found)
            {
                sentences++;
            }
        }

        if (words == 0)
        {
            return null;
        }

        var grade = (0.39 * words / sentences) + (11.8 * syllables / words) - 15.59;
        return new ReadingAge(Math.Round(grade, 1), words, sentences);
    }

    /// <summary>An estimate good enough for a readability score: vowel groups, less a silent final e.</summary>
    internal static int Syllables(string word)
    {
        var w = word.ToLowerInvariant().Replace("’", "'", StringComparison.Ordinal);
        var apostrophe = w.IndexOf('\'', StringComparison.Ordinal);
        if (apostrophe > 0)
        {
            w = w[..apostrophe];
        }

        if (w.Length <= 3)
        {
            return 1;
        }

        if (w.EndsWith("es", StringComparison.Ordinal) || w.EndsWith("ed", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.EndsWith('e') && !w.EndsWith("le", StringComparison.Ordinal))
        {
            w = w[..^1];
        }

        if (w.StartsWith('y'))
        {
            w = w[1..];
        }

        return Math.Max(1, VowelGroup().Count(w));
    }
}
