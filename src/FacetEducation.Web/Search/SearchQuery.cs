namespace FacetEducation.Web.Search;

/// <summary>
/// A visitor's text turned into two FTS5 expressions built only from quoted words: <see cref="All"/>
/// needs every idea in the query (each idea being a word or a phrase, or any of its synonyms), and
/// <see cref="Any"/> is the wider fallback that needs only one of them. The visitor's own characters
/// never reach FTS5's syntax: operators, brackets, stars and quotes are separators like spaces.
/// </summary>
internal sealed record SearchQuery(string All, string? Any)
{
    /// <summary>The phrases of <see cref="All"/> (every idea's words and synonyms), unquoted: what a
    /// snippet of a hit found by <see cref="All"/> looks for.</summary>
    public IReadOnlyList<string> AllPhrases { get; init; } = [];

    /// <summary>The phrases of <see cref="Any"/>, unquoted (empty when <see cref="Any"/> is null).</summary>
    public IReadOnlyList<string> AnyPhrases { get; init; } = [];

    /// <summary>More ideas than this in one query add nothing but cost; the rest are ignored.</summary>
    public const int MaxIdeas = 12;

    /// <summary>Words too common to narrow a search ("pain when I lean back" needs "pain" and "lean back").</summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "after", "am", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could",
        "do", "does", "doing", "for", "from", "get", "gets", "got", "had", "has", "have", "how", "i", "if", "in",
        "into", "is", "it", "its", "me", "my", "of", "on", "or", "should", "so", "that", "the", "then",
        "there", "this", "to", "was", "what", "when", "where", "which", "who", "why", "will", "with", "would",
        "you", "your",
    };

    /// <summary>The query for <paramref name="text"/>, or null when it holds no word to look for.</summary>
    public static SearchQuery? Parse(string text, Synonyms synonyms)
    {
        var words = SearchText.Words(text);
        var stems = words.Select(SearchText.Stem).ToList();
        var ideas = new List<List<string>>();
        var own = new List<string>();
        var common = new List<string>();

        for (var i = 0; i < words.Count && ideas.Count < MaxIdeas;)
        {
            if (synonyms.TryMatch(stems, i, out var group, out var length))
            {
                var phrase = string.Join(' ', words.Skip(i).Take(length));
                AddIdea(ideas, [phrase, .. group]);
                own.AddRange(words.Skip(i).Take(length).Where(IsSignificant));
                i += length;
                continue;
            }

            if (IsSignificant(words[i]))
            {
                AddIdea(ideas, [words[i]]);
                own.Add(words[i]);
            }
            else if (words[i].Length > 1 || char.IsDigit(words[i][0]))
            {
                common.Add(words[i]);
            }

            i++;
        }

        if (ideas.Count == 0)
        {
            // Only common words ("what is it"): search for them rather than for nothing.
            foreach (var word in common.Distinct(StringComparer.Ordinal).Take(MaxIdeas))
            {
                AddIdea(ideas, [word]);
                own.Add(word);
            }
        }

        if (ideas.Count == 0)
        {
            return null;
        }

        var all = string.Join(" AND ", ideas.Select(idea => idea.Count == 1
            ? SearchText.Quote(idea[0])
            : "(" + string.Join(" OR ", idea.Select(SearchText.Quote)) + ")"));

        // The fallback also takes the visitor's words one by one, so "lower back ache" still finds
        // a page that says "back ache" without "lower back".
        List<string> alternatives = [.. ideas.SelectMany(idea => idea).Concat(own).Distinct(StringComparer.Ordinal)];
        var any = ideas.Count == 1 && alternatives.Count == ideas[0].Count
            ? null
            : string.Join(" OR ", alternatives.Select(SearchText.Quote));
        return new SearchQuery(all, any)
        {
            AllPhrases = [.. ideas.SelectMany(idea => idea).Distinct(StringComparer.Ordinal)],
            AnyPhrases = any is null ? [] : alternatives,
        };
    }

    private static bool IsSignificant(string word) =>
        !StopWords.Contains(word) && (word.Length > 1 || char.IsDigit(word[0]));

    private static void AddIdea(List<List<string>> ideas, List<string> idea)
    {
        idea = [.. idea.Distinct(StringComparer.Ordinal)];
        if (!ideas.Any(existing => existing.SequenceEqual(idea, StringComparer.Ordinal)))
        {
            ideas.Add(idea);
        }
    }
}
