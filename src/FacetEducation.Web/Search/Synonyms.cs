namespace FacetEducation.Web.Search;

/// <summary>
/// Groups of words and phrases that mean the same thing to a patient ("lower back", "lumbar"), read
/// from <c>content/synonyms.yml</c>. A query that contains any entry of a group also looks for the
/// other entries. Immutable, so one instance serves every request of an index.
/// </summary>
public sealed class Synonyms
{
    private readonly Dictionary<string, List<Entry>> _byFirstStem = new(StringComparer.Ordinal);

    public Synonyms(IEnumerable<IEnumerable<string>> groups)
    {
        var kept = new List<IReadOnlyList<string>>();
        foreach (var group in groups)
        {
            // Each entry is reduced to its words, so the file cannot smuggle FTS5 syntax either.
            List<string> phrases = [.. group.Select(p => string.Join(' ', SearchText.Words(p))).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal)];
            if (phrases.Count < 2)
            {
                continue;
            }

            kept.Add(phrases);
            foreach (var phrase in phrases)
            {
                var stems = phrase.Split(' ').Select(SearchText.Stem).ToArray();
                if (!_byFirstStem.TryGetValue(stems[0], out var entries))
                {
                    _byFirstStem[stems[0]] = entries = [];
                }

                entries.Add(new Entry(stems, phrases));
            }
        }

        foreach (var entries in _byFirstStem.Values)
        {
            // Longest first, so "lower back pain" is preferred to "lower back" when both are listed.
            entries.Sort((a, b) => b.Stems.Length.CompareTo(a.Stems.Length));
        }

        Groups = kept;
    }

    public static Synonyms Empty { get; } = new([]);

    public IReadOnlyList<IReadOnlyList<string>> Groups { get; }

    /// <summary>Finds the longest entry that starts at <paramref name="start"/> in
    /// <paramref name="stems"/> (the query's words, stemmed with <see cref="SearchText.Stem"/>).</summary>
    public bool TryMatch(IReadOnlyList<string> stems, int start, out IReadOnlyList<string> group, out int length)
    {
        if (_byFirstStem.TryGetValue(stems[start], out var entries))
        {
            foreach (var entry in entries)
            {
                if (start + entry.Stems.Length <= stems.Count && Matches(entry.Stems, stems, start))
                {
                    group = entry.Group;
                    length = entry.Stems.Length;
                    return true;
                }
            }
        }

        group = [];
        length = 0;
        return false;
    }

    private static bool Matches(string[] entry, IReadOnlyList<string> stems, int start)
    {
        for (var i = 0; i < entry.Length; i++)
        {
            if (!string.Equals(entry[i], stems[start + i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Entry(string[] Stems, IReadOnlyList<string> Group);
}
