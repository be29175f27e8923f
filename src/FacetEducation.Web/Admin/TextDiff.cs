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

public sealed record DiffLine(DiffLineKind Kind, string Text);

/// <summary>A line-by-line difference between two versions (DiffPlex), with long runs of unchanged
/// lines folded away so that the changes are what the reader sees.</summary>
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

    public static bool HasChanges(IReadOnlyList<DiffLine> lines) => lines.Any(l => l.Kind is DiffLineKind.Added or DiffLineKind.Removed);
}
