using System.Text;
using System.Text.RegularExpressions;
using FacetEducation.Web.Content.Markdown;
using Markdig.Extensions.CustomContainers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace FacetEducation.Web.Content.Checks;

/// <summary>Why a sentence is listed for the clinician to shorten (both can apply).</summary>
[Flags]
public enum HardSentenceReason
{
    None = 0,

    /// <summary>More than <see cref="ReadingAge.LongSentenceWords"/> words.</summary>
    Long = 1,

    /// <summary><see cref="ReadingAge.HeavySentenceLongWords"/> or more words of three or more syllables.</summary>
    LongWords = 2,
}

/// <summary>A sentence worth shortening, with the line of the file it starts on.</summary>
/// <param name="Line">The 1-based line, in the text the document was parsed from, of the sentence's first word.</param>
/// <param name="Text">The sentence as a reader sees it (no Markdown).</param>
/// <param name="Words">How many words it has.</param>
/// <param name="LongWords">Its words of three or more syllables, in order (repeats included).</param>
/// <param name="Reasons">Why it is listed.</param>
public sealed record HardSentence(int Line, string Text, int Words, IReadOnlyList<string> LongWords, HardSentenceReason Reasons);

/// <summary>
/// How hard a text is to read, counted on the real sentences of the rendered page, by two formulas,
/// each shown as a UK reading age (a US school grade plus five years). The NHS aims for a reading
/// age of about 9 to 11.
/// <list type="bullet">
/// <item>Flesch-Kincaid grade (Kincaid et al. 1975): 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
/// The warning and error thresholds apply to this one.</item>
/// <item>SMOG grade (McLaughlin 1969): 1.0430 × √(words of three or more syllables × 30 / sentences) + 3.1291.
/// SMOG predicts full understanding, so it reads a few years above Flesch-Kincaid; it is shown, not flagged.</item>
/// </list>
/// </summary>
public sealed partial record ReadingAge(int Words, int Sentences, int Syllables, int LongWords, IReadOnlyList<HardSentence> HardSentences)
{
    /// <summary>Above this UK reading age (Flesch-Kincaid) a text gets a warning.</summary>
    public const double WarnAbove = 11;

    /// <summary>Above this UK reading age (Flesch-Kincaid) a text gets an error-level finding.</summary>
    public const double ErrorAbove = 14;

    /// <summary>A sentence with more words than this is listed to shorten.</summary>
    public const int LongSentenceWords = 25;

    /// <summary>A sentence with this many words of three or more syllables (the words SMOG counts) is
    /// "heavy with long words" and listed. One or two are ordinary in health writing ("Physiotherapy
    /// usually helps."), and three still catch everyday sentences ("Usually several things add up
    /// together."); four pick out the dense ones ("the body releases chemicals such as cytokines and
    /// prostaglandins").</summary>
    public const int HeavySentenceLongWords = 4;

    /// <summary>What a US school grade is added to, to make a UK reading age.</summary>
    public const double UkYearsAboveGrade = 5;

    /// <summary>The Flesch-Kincaid grade, to one decimal place.</summary>
    public double Grade => Math.Round(FleschKincaidGrade(Words, Sentences, Syllables), 1);

    /// <summary>The UK reading age in years by Flesch-Kincaid, to one decimal place.</summary>
    public double Years => Math.Round(Grade + UkYearsAboveGrade, 1);

    /// <summary>The SMOG grade, to one decimal place.</summary>
    public double SmogGrade => Math.Round(SmogGradeOf(Sentences, LongWords), 1);

    /// <summary>The UK reading age in years by SMOG, to one decimal place.</summary>
    public double SmogYears => Math.Round(SmogGrade + UkYearsAboveGrade, 1);

    public static double FleschKincaidGrade(int words, int sentences, int syllables) =>
        (0.39 * words / sentences) + (11.8 * syllables / words) - 15.59;

    public static double SmogGradeOf(int sentences, int longWords) =>
        (1.0430 * Math.Sqrt(longWords * 30.0 / sentences)) + 3.1291;

    [GeneratedRegex(@"[A-Za-z]+(?:['’][A-Za-z]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex("[aeiouy]+", RegexOptions.CultureInvariant)]
    private static partial Regex VowelGroup();

    // "-ing" after a vowel is a syllable of its own ("going", "being").
    [GeneratedRegex("(?<=[aeouy])i(?=ng$)", RegexOptions.CultureInvariant)]
    private static partial Regex VowelThenIng();

    /// <summary>Words that end a sentence-like full stop without ending the sentence.</summary>
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "cf", "vs", "approx", "dr", "mr", "mrs", "ms",
    };

    /// <summary>Measures the rendered text of a parsed Markdown document. Each paragraph, list item,
    /// heading, table cell and care-card heading is a unit of its own, so a paragraph's wrapped lines
    /// join up and a list item or heading without a full stop still ends where it ends. Within a unit,
    /// sentences end at ".", "!" or "?" before a space. Raw HTML, code and pictures are not read.
    /// Null when there are no words.</summary>
    public static ReadingAge? Measure(MarkdownDocument document)
    {
        var counts = new Counts();
        foreach (var unit in Units(document))
        {
            foreach (var sentence in SplitSentences(unit))
            {
                counts.Add(sentence);
            }
        }

        return counts.Words == 0
            ? null
            : new ReadingAge(counts.Words, counts.Sentences, counts.Syllables, counts.LongWords, counts.Hard);
    }

    /// <summary>A syllable estimate good enough for a readability score: vowel groups, plus the vowel
    /// pairs usually said as two, less a silent final e, with the endings -ly, -ment, -ful, -less and
    /// -ness counted apart so a silent e before them stays silent ("safely", "movement").</summary>
    internal static int CountSyllables(string word)
    {
        var w = word.ToLowerInvariant().Replace("’", "'", StringComparison.Ordinal);
        var apostrophe = w.IndexOf('\'', StringComparison.Ordinal);
        if (apostrophe > 0)
        {
            w = w[..apostrophe];
        }

        // The silent e of "some" and "there" stays silent inside a compound ("sometimes", "therefore").
        foreach (var prefix in (string[])["some", "there", "where"])
        {
            if (w.Length > prefix.Length + 1 && w.StartsWith(prefix, StringComparison.Ordinal))
            {
                return 1 + CountSyllables(w[prefix.Length..]);
            }
        }

        // A stem this long before the ending keeps "comment", "reply" and "element" whole.
        foreach (var (suffix, shortestStem) in (ReadOnlySpan<(string, int)>)[("ment", 4), ("ly", 4), ("less", 3), ("ness", 3), ("ful", 3)])
        {
            if (w.Length >= suffix.Length + shortestStem && w.EndsWith(suffix, StringComparison.Ordinal) && VowelGroup().IsMatch(w[..^suffix.Length]))
            {
                return 1 + Stem(w[..^suffix.Length]);
            }
        }

        return Stem(w);
    }

    private static int Stem(string w)
    {
        if (w.Length <= 3)
        {
            return 1;
        }

        if (w.EndsWith("ed", StringComparison.Ordinal) && !w.EndsWith("ted", StringComparison.Ordinal) && !w.EndsWith("ded", StringComparison.Ordinal))
        {
            // "used", "moved": the e is silent; "treated", "needed" keep it.
            w = w[..^2];
        }
        else if (w.EndsWith("es", StringComparison.Ordinal) && !Regex.IsMatch(w, "(?:[sxzgc]|ch|sh)es$", RegexOptions.CultureInvariant))
        {
            // "makes", "goes": silent; "nurses", "changes", "boxes" keep it.
            w = w[..^2];
        }
        else if (w.EndsWith('e') && !Regex.IsMatch(w, "[^aeiouy]le$", RegexOptions.CultureInvariant))
        {
            // "while", "same": silent; "table", "muscle" keep it.
            w = w[..^1];
        }

        if (w.StartsWith('y'))
        {
            w = w[1..];
        }

        return Math.Max(1, VowelGroup().Count(w) + SplitPairs(w) + VowelThenIng().Count(w));
    }

    /// <summary>Vowel pairs inside a vowel group that are mostly said as two syllables ("Austral-i-an",
    /// "seri-ous", "actu-al", "vid-e-o"), except where English runs them together ("special", "nation",
    /// "million", "senior", "language", "people", "surgeon").</summary>
    private static int SplitPairs(string w)
    {
        var count = 0;
        for (var i = 0; i + 1 < w.Length; i++)
        {
            var before = i > 0 ? w[i - 1] : ' ';
            var after = i + 2 < w.Length ? w[i + 2] : ' ';
            var split = (w[i], w[i + 1]) switch
            {
                ('i', 'a') => before is not ('c' or 't' or 's' or 'x' or 'g'),
                ('i', 'o') => !(before is 'c' or 't' or 's' or 'x' or 'g' && after is 'n' or 'u')
                    && !(before is 'l' or 'n' && after is 'n' or 'r'),
                ('u', 'a') => before is not ('q' or 'g'),
                ('e', 'o') => before is not ('p' or 'g'),
                _ => false,
            };
            if (split)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>A stretch of rendered text that ends a sentence where it ends, with the file line of each character.</summary>
    private sealed class Unit
    {
        public StringBuilder Text { get; } = new();

        public List<int> Lines { get; } = [];

        public void Append(string text, int line)
        {
            Text.Append(text);
            Lines.AddRange(Enumerable.Repeat(line, text.Length));
        }
    }

    private static IEnumerable<Unit> Units(ContainerBlock container)
    {
        foreach (var block in container)
        {
            switch (block)
            {
                case CustomContainer card when CareCards.TryParse(card.Info, out _):
                    // The card's label ("Urgent advice:") is the site's fixed wording, not the
                    // clinician's, so only the heading they wrote is counted.
                    var heading = new Unit();
                    heading.Append(card.Arguments?.Trim() ?? string.Empty, card.Line);
                    yield return heading;
                    foreach (var unit in Units(card))
                    {
                        yield return unit;
                    }

                    break;
                case ContainerBlock child:
                    foreach (var unit in Units(child))
                    {
                        yield return unit;
                    }

                    break;
                case LeafBlock { Inline: { } inline } and (ParagraphBlock or HeadingBlock):
                    var text = new Unit();
                    AppendInline(text, inline, block.Line);
                    yield return text;
                    break;
                default:
                    // Code, raw HTML (never rendered), front matter, thematic breaks: nothing to read.
                    break;
            }
        }
    }

    private static void AppendInline(Unit unit, ContainerInline container, int blockLine)
    {
        foreach (var inline in container)
        {
            // Markdig gives each inline its own source line; the block's line is the fallback.
            var line = inline.Line > 0 ? inline.Line : blockLine;
            switch (inline)
            {
                case LiteralInline literal:
                    unit.Append(literal.Content.ToString(), line);
                    break;
                case CodeInline code:
                    unit.Append(code.Content, line);
                    break;
                case HtmlEntityInline entity:
                    unit.Append(entity.Transcoded.ToString(), line);
                    break;
                case LineBreakInline:
                    // A wrapped line is a space, not the end of a sentence.
                    unit.Append(" ", line);
                    break;
                case LinkInline { IsImage: true }:
                    // A picture's description is for screen readers, not part of the running text.
                    break;
                case ContainerInline child:
                    AppendInline(unit, child, blockLine);
                    break;
                default:
                    // Raw HTML (never rendered) and bare web addresses: no words to read.
                    break;
            }
        }
    }

    private readonly record struct UnitSentence(string Text, int Line, List<string> Words);

    private static IEnumerable<UnitSentence> SplitSentences(Unit unit)
    {
        var text = unit.Text.ToString();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('.' or '!' or '?'))
            {
                continue;
            }

            var end = i + 1;
            while (end < text.Length && text[end] is '.' or '!' or '?' or '"' or '\'' or '’' or '”' or ')')
            {
                end++;
            }

            if ((end < text.Length && !char.IsWhiteSpace(text[end])) || (text[i] == '.' && IsAbbreviation(text, start, i)))
            {
                continue;
            }

            if (ToSentence(unit, text, start, end) is { } sentence)
            {
                yield return sentence;
            }

            start = end;
            i = end - 1;
        }

        if (ToSentence(unit, text, start, text.Length) is { } last)
        {
            yield return last;
        }
    }

    private static bool IsAbbreviation(string text, int start, int stop)
    {
        var from = stop;
        while (from > start && !char.IsWhiteSpace(text[from - 1]) && text[from - 1] != '(')
        {
            from--;
        }

        return Abbreviations.Contains(text[from..stop]);
    }

    private static UnitSentence? ToSentence(Unit unit, string text, int start, int end)
    {
        var words = Word().Matches(text[start..end]);
        if (words.Count == 0)
        {
            return null;
        }

        var trimmed = text[start..end].Trim();
        return new UnitSentence(trimmed, unit.Lines[start + words[0].Index] + 1, [.. words.Select(w => w.Value)]);
    }

    private sealed class Counts
    {
        public int Words { get; private set; }

        public int Sentences { get; private set; }

        public int Syllables { get; private set; }

        public int LongWords { get; private set; }

        public List<HardSentence> Hard { get; } = [];

        public void Add(UnitSentence sentence)
        {
            var longWords = new List<string>();
            foreach (var word in sentence.Words)
            {
                var syllables = CountSyllables(word);
                Syllables += syllables;
                if (syllables >= 3)
                {
                    longWords.Add(word);
                }
            }

            Words += sentence.Words.Count;
            Sentences++;
            LongWords += longWords.Count;
            var reasons = (sentence.Words.Count > LongSentenceWords ? HardSentenceReason.Long : HardSentenceReason.None)
                | (longWords.Count >= HeavySentenceLongWords ? HardSentenceReason.LongWords : HardSentenceReason.None);
            if (reasons != HardSentenceReason.None)
            {
                Hard.Add(new HardSentence(sentence.Line, sentence.Text, sentence.Words.Count, longWords, reasons));
            }
        }
    }
}
