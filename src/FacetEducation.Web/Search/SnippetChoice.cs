namespace FacetEducation.Web.Search;

/// <summary>
/// Which text a hit's snippet is taken from: which body chunks to ask FTS5's snippet() for, in
/// what order, and whether the body's passage or the highlighted summary is shown. FTS5 chooses
/// the passage within a chunk and marks the exact matches; these rules only choose where it looks
/// and which of its answers the visitor sees. Pure functions, so each rule is tested on its own.
/// </summary>
internal static class SnippetChoice
{
    /// <summary>Chunks tried for a snippet before falling back to the summary.</summary>
    public const int Tries = 2;

    /// <summary>The words looked for in the body chunks: each phrase's words cut to a rough stem
    /// ("leaning" to "lean"), lower case. One list per phrase.</summary>
    public static string[][] Keys(IReadOnlyList<string> phrases)
    {
        var keys = new string[phrases.Count][];
        for (var i = 0; i < phrases.Count; i++)
        {
            var words = phrases[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            keys[i] = [.. words.Select(w => SearchText.Stem(w.ToLowerInvariant()))];
        }

        return keys;
    }

    /// <summary>
    /// Which body chunks (lower case, as indexed) to take a snippet from, best first, into
    /// <paramref name="best"/>; returns how many (0 when no chunk has a query word, as when only the
    /// title matched). A chunk scores for each phrase whose words it holds (as word starts), the
    /// phrases found in fewer chunks of the article counting more, so the chunk with the rare idea
    /// and the common one beats the chunk that only says "pain" often. A rough guess, much cheaper
    /// than tokenizing every chunk: FTS5's snippet() then marks the exact matches, and a chunk where
    /// the guess was wrong is passed over.
    /// </summary>
    public static int BestChunks(string[] chunks, string[][] keys, Span<int> best)
    {
        Span<bool> found = stackalloc bool[BodyChunks.Count * Math.Max(keys.Length, 1)];
        Span<double> scores = stackalloc double[BodyChunks.Count];
        for (var k = 0; k < keys.Length; k++)
        {
            var inChunks = 0;
            for (var p = 0; p < BodyChunks.Count; p++)
            {
                var all = keys[k].Length > 0;
                foreach (var word in keys[k])
                {
                    if (!HasWordStart(chunks[p], word))
                    {
                        all = false;
                        break;
                    }
                }

                found[(k * BodyChunks.Count) + p] = all;
                inChunks += all ? 1 : 0;
            }

            for (var p = 0; p < BodyChunks.Count && inChunks > 0; p++)
            {
                scores[p] += found[(k * BodyChunks.Count) + p] ? 1.0 / inChunks : 0;
            }
        }

        var count = 0;
        for (var t = 0; t < best.Length; t++)
        {
            var top = -1;
            for (var p = 0; p < BodyChunks.Count; p++)
            {
                if (scores[p] > 0 && (top < 0 || scores[p] > scores[top]))
                {
                    top = p;
                }
            }

            if (top < 0)
            {
                break;
            }

            best[count++] = top;
            scores[top] = 0;
        }

        return count;
    }

    /// <summary>Whether <paramref name="word"/> starts a word somewhere in <paramref name="text"/>.</summary>
    public static bool HasWordStart(string text, string word)
    {
        var from = 0;
        while (from < text.Length)
        {
            var at = text.AsSpan(from).IndexOf(word, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            at += from;
            if (at == 0 || !char.IsLetterOrDigit(text[at - 1]))
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    /// <summary>
    /// The chunk read on try <paramref name="attempt"/> (0 up to the number of
    /// <paramref name="guesses"/>), and whether the summary is highlighted with it: the guessed
    /// chunks in turn without the summary, as tokenizing it costs; the summary only when no chunk
    /// was guessed (with the first chunk), or when none of the guesses held a match (then the last
    /// guess once more, with it).
    /// </summary>
    public static (int Chunk, bool WithSummary) Try(int attempt, ReadOnlySpan<int> guesses) =>
        guesses.IsEmpty ? (0, true) : (guesses[Math.Min(attempt, guesses.Length - 1)], attempt == guesses.Length);

    /// <summary>Whether a try ends the search for a snippet: its body passage holds a match, or it
    /// read the summary too (the last try).</summary>
    public static bool Found(string body, bool withSummary) => SnippetMarkup.HasMark(body) || withSummary;

    /// <summary>The body passage kept after a try: the first one read, or a later one with a match in it.</summary>
    public static string Keep(string? kept, string next) => kept is null || SnippetMarkup.HasMark(next) ? next : kept;

    /// <summary>
    /// What the visitor sees, marked up: the body's passage when it holds a match, or when the
    /// summary holds none either (then the passage is the opening of the chunk read); else the
    /// highlighted summary, as when only the title or summary matched. An article with no body
    /// text shows its summary.
    /// </summary>
    public static string Shown(string? body, string? summary, string articleSummary)
    {
        var snippet = body is not null && (SnippetMarkup.HasMark(body) || !SnippetMarkup.HasMark(summary)) ? body : summary;
        return string.IsNullOrEmpty(snippet) ? articleSummary : snippet;
    }
}
