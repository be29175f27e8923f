using System.Globalization;
using System.Text.RegularExpressions;
using FacetEducation.Web.Content;

namespace FacetEducation.Web.Search;

/// <summary>
/// Word-match search over the current content snapshot: title matches count most, then the
/// summary, then the body. The query is only ever split into words and compared as text, so no
/// character in it has a special meaning.
/// </summary>
public sealed partial class SimpleSearch(ContentStore store)
{
    public const int MaxQueryLength = 200;
    private const int SnippetRadius = 90;

    [GeneratedRegex(@"[\p{L}\p{N}']+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    public SearchOutcome Search(string? query)
    {
        query = (query ?? string.Empty).Trim();
        var truncated = query.Length > MaxQueryLength;
        if (truncated)
        {
            query = query[..MaxQueryLength];
        }

        var terms = WordPattern().Matches(query).Select(m => m.Value.ToLowerInvariant()).Where(t => t.Length > 1).Distinct().ToList();
        if (terms.Count == 0)
        {
            return new SearchOutcome(query, truncated, []);
        }

        var today = store.Today;
        var results = store.Current.Published
            .Where(a => a.Kind != ArticleKind.Post || a.Published is null || a.Published <= today)
            .Select(a => (Article: a, Score: Score(a, terms)))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Article.Title, StringComparer.OrdinalIgnoreCase)
            .Take(20)
            .Select(x => new SearchResult(x.Article, Snippet(x.Article, terms)))
            .ToList();
        return new SearchOutcome(query, truncated, results);
    }

    private static int Score(Article article, List<string> terms)
    {
        var score = 0;
        foreach (var term in terms)
        {
            score += 10 * Count(article.Title, term) + 3 * Count(article.Summary, term) + Count(article.PlainText, term);
        }

        return score;
    }

    private static int Count(string text, string term)
    {
        var count = 0;
        for (var i = text.IndexOf(term, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(term, i + term.Length, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }

        return count;
    }

    private static List<SnippetPart> Snippet(Article article, List<string> terms)
    {
        var text = string.Join(' ', article.PlainText.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var first = terms.Select(t => text.IndexOf(t, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (first < 0)
        {
            return [new SnippetPart(article.Summary, false)];
        }

        var start = Math.Max(0, first - SnippetRadius);
        var end = Math.Min(text.Length, first + SnippetRadius);
        var window = (start > 0 ? "…" : string.Empty) + text[start..end] + (end < text.Length ? "…" : string.Empty);

        var parts = new List<SnippetPart>();
        var position = 0;
        foreach (Match word in WordPattern().Matches(window))
        {
            if (!terms.Any(t => word.Value.StartsWith(t, true, CultureInfo.InvariantCulture)))
            {
                continue;
            }

            if (word.Index > position)
            {
                parts.Add(new SnippetPart(window[position..word.Index], false));
            }

            parts.Add(new SnippetPart(word.Value, true));
            position = word.Index + word.Length;
        }

        if (position < window.Length)
        {
            parts.Add(new SnippetPart(window[position..], false));
        }

        return parts;
    }
}
