using System.ComponentModel.DataAnnotations;
using FacetEducation.Web.Search;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace FacetEducation.Web.Admin;

/// <summary>
/// <c>content/synonyms.yml</c> as a form: one row a group, its entries separated by commas, with
/// empty rows for new groups. <see cref="ToYaml"/> patches the file line by line rather than writing
/// it afresh: the comments (the explanation at the top, the headings and notes between groups) and
/// every group whose entries did not change stay byte for byte; a changed group's lines become one
/// <c>- [a, b]</c> line, a removed group's lines go, and new groups are added at the end. YamlDotNet's
/// parser finds where each group is; its emitter quotes the entries that need it.
/// </summary>
public sealed class SynonymsForm
{
    /// <summary>Empty rows offered after the groups, for adding groups without JavaScript.</summary>
    public const int EmptyRows = 2;

    public List<Row> Rows { get; set; } = [];

    /// <summary>The hash of the version this form was opened from; empty when there was none.</summary>
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string BaseHash { get; set; } = "";

    public string? ChangeSummary { get; set; }

    /// <summary>Set when the file's groups could not be found (a hand edit that is not valid YAML):
    /// saving writes the rows afresh, after the file's opening comments.</summary>
    public bool Unreadable { get; set; }

    public sealed class Row
    {
        /// <summary>Which group of the file this row was opened from (counted from 0); null for a new one.</summary>
        public int? Group { get; set; }

        /// <summary>The entries, separated by commas.</summary>
        public string? Entries { get; set; }

        public bool Remove { get; set; }
    }

    /// <summary>One group as the file has it: its entries, and its first and last line (counted from 0).</summary>
    public sealed record Group(IReadOnlyList<string> Entries, int FirstLine, int LastLine);

    public static SynonymsForm From(string text, string baseHash)
    {
        var groups = Groups(text);
        var form = new SynonymsForm
        {
            BaseHash = baseHash,
            Unreadable = groups is null,
            Rows = [.. (groups ?? []).Select((g, i) => new Row { Group = i, Entries = string.Join(", ", g.Entries) })],
        };
        return form.Normalised();
    }

    /// <summary>The rows as posted, with <see cref="EmptyRows"/> empty ones (and <paramref name="extra"/> more) at the end.</summary>
    public SynonymsForm Normalised(int extra = 0)
    {
        var last = Rows.FindLastIndex(r => r.Group is not null || Entries(r).Count > 0);
        Rows = [.. Rows.Take(last + 1), .. Enumerable.Range(0, EmptyRows + extra).Select(_ => new Row())];
        return this;
    }

    /// <summary>The file this form would write, patched into <paramref name="baseText"/> (the version it
    /// was opened from).</summary>
    public string ToYaml(string? baseText)
    {
        var lines = (baseText ?? string.Empty).ReplaceLineEndings("\n").Split('\n').ToList();
        if (lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var groups = Groups(baseText ?? string.Empty);
        if (groups is null)
        {
            // Not readable as groups: keep only the opening comments, then the rows.
            lines = [.. lines.TakeWhile(l => l.Length == 0 || l.StartsWith('#'))];
            groups = [];
        }

        var byGroup = Rows.Where(r => r.Group is { } g && g >= 0 && g < groups.Count).GroupBy(r => r.Group!.Value).ToDictionary(g => g.Key, g => g.First());
        // Replaced from the last group up, so the line numbers of the ones above stay right.
        for (var i = groups.Count - 1; i >= 0; i--)
        {
            var group = groups[i];
            var row = byGroup.GetValueOrDefault(i);
            var entries = row is null || row.Remove ? [] : Entries(row);
            if (entries.SequenceEqual(group.Entries, StringComparer.Ordinal))
            {
                continue;
            }

            lines.RemoveRange(group.FirstLine, group.LastLine - group.FirstLine + 1);
            if (entries.Count > 0)
            {
                lines.Insert(group.FirstLine, Line(entries));
            }
        }

        foreach (var row in Rows.Where(r => (r.Group is null || r.Group >= groups.Count) && !r.Remove))
        {
            if (Entries(row) is { Count: > 0 } entries)
            {
                lines.Add(Line(entries));
            }
        }

        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The row a problem of <see cref="SynonymsFile.Parse"/> is about: its group counts the groups
    /// this form writes, in the order it writes them (the file's kept groups, then the new rows).</summary>
    public string? FieldFor(SynonymsRead read)
    {
        if (read.Group is not { } group)
        {
            return null;
        }

        var written = Rows.Select((r, i) => (r, i)).Where(x => !x.r.Remove && Entries(x.r).Count > 0)
            .OrderBy(x => x.r.Group is null ? 1 : 0).ThenBy(x => x.r.Group).Select(x => x.i).ToList();
        return group < written.Count ? $"Form_Rows_{written[group]}__Entries" : null;
    }

    /// <summary>A row's entries: split at commas, trimmed, empty ones left out.</summary>
    public static IReadOnlyList<string> Entries(Row row) =>
        [.. (row.Entries ?? string.Empty).ReplaceLineEndings(" ").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>Each group of the file with where it is; null when the text is not a list of lists of words.</summary>
    public static IReadOnlyList<Group>? Groups(string text)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            var groups = new List<Group>();
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return groups;
            }

            parser.Consume<DocumentStart>();
            if (parser.TryConsume<Scalar>(out var empty) && empty.Value.Length == 0)
            {
                return groups; // only comments
            }

            parser.Consume<SequenceStart>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                var start = parser.Consume<SequenceStart>();
                var entries = new List<string>();
                var last = start.End.Line;
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    var scalar = parser.Consume<Scalar>();
                    entries.Add(scalar.Value);
                    last = Math.Max(last, scalar.End.Line);
                    // A block group ends at its last entry; a flow group at its closing bracket.
                    if (start.Style == SequenceStyle.Flow && parser.Current is SequenceEnd closing)
                    {
                        last = Math.Max(last, closing.End.Line);
                    }
                }

                groups.Add(new Group(entries, (int)start.Start.Line - 1, (int)last - 1));
            }

            return groups;
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>One group as a line of the file, <c>- [lower back, lumbar]</c>, quoted where YAML needs it.</summary>
    private static string Line(IReadOnlyList<string> entries)
    {
        var writer = new StringWriter();
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        emitter.Emit(new SequenceStart(null, null, true, SequenceStyle.Block));
        emitter.Emit(new SequenceStart(null, null, true, SequenceStyle.Flow));
        foreach (var entry in entries)
        {
            emitter.Emit(new Scalar(entry));
        }

        emitter.Emit(new SequenceEnd());
        emitter.Emit(new SequenceEnd());
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString().TrimEnd('\n', '\r');
    }
}
