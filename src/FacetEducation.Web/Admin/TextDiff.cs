using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace FacetEducation.Web.Admin;

public enum DiffLineKind
{
    Same,
    Added,
    Removed,

    /// <summary>A run of unchanged lines left out; <see cref="DiffLine.Text"/> says how many.</summary>
    Skipped,
}

/// <summary>One line of a difference. A changed line (a removed line with the added line that replaces it)
/// carries <see cref="Words"/>: its text in runs, each the same in both versions or only in this one.</summary>
public sealed record DiffLine(DiffLineKind Kind, string Text, IReadOnlyList<DiffWords>? Words = null);

/// <summary>A run of a changed line's text: <see cref="DiffLineKind.Same"/>, or removed / added in this line.</summary>
public sealed record DiffWords(DiffLineKind Kind, string Text);

/// <summary>A line-by-line difference between two versions (DiffPlex), with long runs of unchanged
/// lines folded away so that the changes are what the reader sees. A line replaced by another is also
/// compared word by word (DiffPlex's word chunker), so a reviewer sees which words changed in the sentence.</summary>
public static class TextDiff
{
    private const int Context = 3;

    public static IReadOnlyList<DiffLine> Lines(string? before, string? after)
    {
        var model = InlineDiffBuilder.Diff(before ?? string.Empty, after ?? string.Empty, ignoreWhiteSpace: false);
        var all = model.Lines.Select(l => new DiffLine(l.Type switch
        {
            ChangeType.Inserted => DiffLineKind.Added,
            ChangeType.Deleted => DiffLineKind.Removed,
            _ => DiffLineKind.Same,
        }, l.Text ?? string.Empty)).ToList();
        MarkWords(all);

        var result = new List<DiffLine>();
        var i = 0;
        while (i < all.Count)
        {
            if (all[i].Kind != DiffLineKind.Same)
            {
                result.Add(all[i++]);
                continue;
            }

            var start = i;
            while (i < all.Count && all[i].Kind == DiffLineKind.Same)
            {
                i++;
            }

            var keepBefore = start == 0 ? 0 : Context;
            var keepAfter = i == all.Count ? 0 : Context;
            var length = i - start;
            if (length <= keepBefore + keepAfter + 1)
            {
                result.AddRange(all.GetRange(start, length));
                continue;
            }

            result.AddRange(all.GetRange(start, keepBefore));
            result.Add(new DiffLine(DiffLineKind.Skipped, $"{length - keepBefore - keepAfter} unchanged lines"));
            result.AddRange(all.GetRange(i - keepAfter, keepAfter));
        }

        return result;
    }

    /// <summary>Pairs each run of removed lines with the added lines right after it, first with first, and
    /// gives each pair its words: the same in both, or only in the removed or the added line.</summary>
    private static void MarkWords(List<DiffLine> lines)
    {
        var i = 0;
        while (i < lines.Count)
        {
            var removed = i;
            while (i < lines.Count && lines[i].Kind == DiffLineKind.Removed)
            {
                i++;
            }

            var added = i;
            while (i < lines.Count && lines[i].Kind == DiffLineKind.Added)
            {
                i++;
            }

            for (var pair = 0; pair < Math.Min(added - removed, i - added); pair++)
            {
                var (before, after) = (lines[removed + pair], lines[added + pair]);
                var pieces = InlineDiffBuilder.Diff(before.Text, after.Text, ignoreWhiteSpace: false, ignoreCase: false, WordChunker.Instance).Lines;
                lines[removed + pair] = before with { Words = Runs(pieces, ChangeType.Deleted, DiffLineKind.Removed) };
                lines[added + pair] = after with { Words = Runs(pieces, ChangeType.Inserted, DiffLineKind.Added) };
            }

            i = Math.Max(i, removed + 1);
        }
    }

    /// <summary>The line's text from the word pieces: unchanged ones and those of <paramref name="own"/>,
    /// neighbours of one kind joined into one run.</summary>
    private static List<DiffWords> Runs(IEnumerable<DiffPiece> pieces, ChangeType own, DiffLineKind kind)
    {
        var runs = new List<DiffWords>();
        foreach (var piece in pieces.Where(p => p.Type is ChangeType.Unchanged || p.Type == own))
        {
            var pieceKind = piece.Type == own ? kind : DiffLineKind.Same;
            if (runs.Count > 0 && runs[^1].Kind == pieceKind)
            {
                runs[^1] = runs[^1] with { Text = runs[^1].Text + piece.Text };
            }
            else
            {
                runs.Add(new DiffWords(pieceKind, piece.Text ?? string.Empty));
            }
        }

        return runs;
    }

    public static bool HasChanges(IReadOnlyList<DiffLine> lines) => lines.Any(l => l.Kind is DiffLineKind.Added or DiffLineKind.Removed);
}
