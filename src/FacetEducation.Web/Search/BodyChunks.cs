using System.Text;

namespace FacetEducation.Web.Search;

/// <summary>
/// The body of an article as the index stores it: <see cref="Count"/> chunks (columns <c>body0</c>
/// ...), cut between blocks into runs of about equal length. bm25 sums every column's hits and
/// takes the whole row's length, so with the same weight on each chunk the ranking is the one a
/// single body column gives; but snippet() tokenizes the column it is asked for, so a snippet reads
/// an eighth of the body, not all of it.
/// </summary>
internal static class BodyChunks
{
    public const int Count = 8;

    /// <summary>The plain text of an article cut into <see cref="Count"/> chunks between lines
    /// (blocks), each about an equal share of the text, cleaned as indexed. Chunks past the end of
    /// a short text are empty.</summary>
    public static string[] Split(string plainText)
    {
        var lines = plainText.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(SnippetMarkup.Clean)
            .Where(l => l.Length > 0)
            .ToList();
        var total = lines.Sum(l => l.Length + 1);
        var chunks = new string[Count];
        var chunk = new StringBuilder();
        var done = 0;
        var next = 0;
        for (var p = 0; p < Count; p++)
        {
            // Take lines until this chunk reaches its share of what is left (at least one line, the
            // last chunk takes the rest).
            var share = (total - done) / (Count - p);
            chunk.Clear();
            while (next < lines.Count && (p == Count - 1 || chunk.Length == 0 || chunk.Length + lines[next].Length / 2 < share))
            {
                if (chunk.Length > 0)
                {
                    chunk.Append(' ');
                }

                chunk.Append(lines[next]);
                done += lines[next].Length + 1;
                next++;
            }

            chunks[p] = chunk.ToString();
        }

        return chunks;
    }
}
