using System.Text;
using System.Text.RegularExpressions;
using FacetEducation.Web.Content;
using YamlDotNet.Serialization;

namespace FacetEducation.Web.Admin;

/// <summary>
/// Writes changed front matter back into the YAML as the clinician wrote it: only the top-level keys
/// whose values changed are rewritten, in place; comments, blank lines, key order, quoting and the
/// unchanged keys are kept byte for byte. A key new to the file is appended at the end, and a key
/// whose new value is empty (null, false, an empty list) is removed.
/// </summary>
/// <remarks>
/// The YAML is read as a list of segments. A key's segment starts at a line <c>key:</c> at column 0
/// and takes the lines that continue its value: indented lines and <c>- </c> list items at column 0
/// (YAML allows a mapping's list to start there). Blank lines and column-0 comments between such lines
/// belong to the key; trailing ones, and every other line, belong to no key and are never touched.
/// A value's new text comes from <see cref="ContentYaml.Serializer"/>, so quoting follows the same
/// rules as a whole save. Whether a value changed is decided on that serialised form, so writing
/// <c>[a, b]</c> or a two-line list, or <c>draft: false</c> or nothing, is the same value.
/// The patched YAML is read back and compared with the intended front matter; if it differs (YAML the
/// segments cannot describe, such as a quoted key), or the original cannot be read, the whole front
/// matter is written afresh from the intended values instead.
/// </remarks>
public static partial class FrontMatterPatch
{
    /// <summary>One run of lines: a top-level key with its value, or lines that belong to no key (Key null).</summary>
    public sealed record Segment(string? Key, string Text);

    /// <summary>The front matter YAML for <paramref name="updated"/>, keeping <paramref name="originalYaml"/>'s
    /// layout wherever its values are unchanged. A changed block list (the sources, say) is patched item by
    /// item: the items whose values did not change stay as written.</summary>
    public static string Apply(string? originalYaml, FrontMatter updated) => Apply(originalYaml, updated, Read, ContentYaml.Serializer);

    /// <summary>The same for a settings file the content store reads into a class (<c>clinic.yml</c>), whose
    /// <paramref name="read"/> is its reader (null when the text cannot be read), lists item by item too
    /// (the opening hours, the services).</summary>
    public static string ApplySettings<T>(string? originalYaml, T updated, Func<string, T?> read)
        where T : class => Apply(originalYaml, updated, read, ContentYaml.SettingsSerializer);

    private static string Apply<T>(string? originalYaml, T updated, Func<string, T?> read, ISerializer serializer)
        where T : class
    {
        var fresh = serializer.Serialize(updated);
        if (originalYaml is null || read(originalYaml) is not { } original)
        {
            return fresh;
        }

        var patched = Patch(originalYaml, Canonical(original, serializer), Canonical(updated, serializer));
        return patched is not null && read(patched) is { } check && serializer.Serialize(check) == fresh ? patched : fresh;
    }

    /// <summary>Rewrites in <paramref name="yaml"/> the keys whose block in <paramref name="after"/>
    /// differs from the one in <paramref name="before"/> (both as the serializer writes them); null when
    /// the segments cannot describe the YAML.</summary>
    private static string? Patch(string yaml, Dictionary<string, string> before, Dictionary<string, string> after)
    {
        var segments = Split(yaml);
        if (!Describable(segments))
        {
            return null;
        }

        var changed = after.Keys.Union(before.Keys)
            .Where(k => !string.Equals(before.GetValueOrDefault(k), after.GetValueOrDefault(k), StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        if (changed.Count == 0)
        {
            return yaml;
        }

        var text = new StringBuilder(yaml.Length + 64);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in segments)
        {
            if (segment.Key is null || !changed.Contains(segment.Key))
            {
                text.Append(segment.Text);
                continue;
            }

            written.Add(segment.Key);
            if (after.TryGetValue(segment.Key, out var value))
            {
                text.Append(PatchItems(segment.Text, before.GetValueOrDefault(segment.Key), value)
                    ?? KeepKeyComment(segment.Text, value));
            }
        }

        foreach (var key in after.Keys.Where(k => changed.Contains(k) && !written.Contains(k)))
        {
            if (text.Length > 0 && text[^1] != '\n')
            {
                text.Append('\n');
            }

            text.Append(after[key]);
        }

        return text.ToString();
    }

    /// <summary>Splits YAML into segments whose texts, joined, give the YAML back unchanged.</summary>
    public static IReadOnlyList<Segment> Split(string yaml)
    {
        var lines = Lines(yaml);
        var segments = new List<Segment>();
        var i = 0;
        while (i < lines.Count)
        {
            var key = KeyLine().Match(lines[i]);
            if (!key.Success)
            {
                segments.Add(new Segment(null, lines[i]));
                i++;
                continue;
            }

            // The key's block runs to its last continuation line; blank lines and column-0 comments
            // are taken only when another continuation line follows them.
            var last = i;
            for (var j = i + 1; j < lines.Count; j++)
            {
                if (IsContinuation(lines[j]))
                {
                    last = j;
                }
                else if (!IsBlank(lines[j]) && !lines[j].StartsWith('#'))
                {
                    break;
                }
            }

            segments.Add(new Segment(key.Groups["key"].Value, string.Concat(lines.Skip(i).Take(last - i + 1))));
            i = last + 1;
        }

        return segments;
    }

    /// <summary>Whether every line is a key's, blank or a comment, and no key is written twice: anything
    /// else (a quoted key, a line the splitter does not know) is left to a whole rewrite.</summary>
    private static bool Describable(IReadOnlyList<Segment> segments)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in segments)
        {
            if (segment.Key is null ? !IsBlank(segment.Text) && !segment.Text.TrimStart().StartsWith('#') : !keys.Add(segment.Key))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A rewritten block keeps the comment written after its key (<c>openingHours:   # days not
    /// listed are closed</c>) when the key still starts a block of lines under it.</summary>
    private static string KeepKeyComment(string originalBlock, string value)
    {
        var originalFirst = originalBlock.Split('\n')[0];
        var valueFirst = value.Split('\n')[0];
        return KeyWithComment().Match(originalFirst) is { Success: true } match && valueFirst == match.Groups["key"].Value + ":"
            ? originalFirst + value[valueFirst.Length..]
            : value;
    }

    /// <summary>A changed list written item by item: each item whose value is one the list had (as the
    /// serializer writes it) keeps its text as written; a new or changed item is written afresh at the
    /// list's indentation. Null when either is not a block list of items (a flow list, a mapping), so the
    /// whole block is rewritten instead.</summary>
    private static string? PatchItems(string originalBlock, string? beforeBlock, string afterBlock)
    {
        if (beforeBlock is null || Items(originalBlock) is not { } original || Items(beforeBlock) is not { } before
            || Items(afterBlock) is not { } after || original.Items.Count != before.Items.Count)
        {
            return null;
        }

        var text = new StringBuilder(KeepKeyComment(originalBlock, after.Header));
        var used = new bool[before.Items.Count];
        for (var j = 0; j < after.Items.Count; j++)
        {
            var item = after.Items[j];
            var same = j < before.Items.Count && !used[j] && before.Items[j] == item ? j
                : Enumerable.Range(0, before.Items.Count).FirstOrDefault(i => !used[i] && before.Items[i] == item, -1);
            string written;
            if (same >= 0)
            {
                used[same] = true;
                written = original.Items[same];
            }
            else
            {
                written = Reindent(item, original.Indent - after.Indent);
            }

            text.Append(written);
            if (written.Length > 0 && written[^1] != '\n')
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>A block list's first line (its key) and its items, each with the lines under it; null when
    /// the lines under the key are not <c>- </c> items at one indentation.</summary>
    private static (string Header, int Indent, List<string> Items)? Items(string block)
    {
        var lines = Lines(block);
        if (lines.Count < 2 || ItemLine().Match(lines[1]) is not { Success: true } first)
        {
            return null;
        }

        var indent = first.Groups["indent"].Length;
        var items = new List<string>();
        foreach (var line in lines.Skip(1))
        {
            if (ItemLine().Match(line) is { Success: true } start && start.Groups["indent"].Length == indent)
            {
                items.Add(line);
            }
            else if (IsBlank(line) || line.TakeWhile(c => c == ' ').Count() > indent || line.TrimStart().StartsWith('#'))
            {
                items[^1] += line;
            }
            else
            {
                return null;
            }
        }

        return (lines[0], indent, items);
    }

    /// <summary>Moves every line of <paramref name="text"/> right (or left) by <paramref name="by"/> spaces.</summary>
    private static string Reindent(string text, int by) => by == 0 ? text
        : string.Concat(Lines(text).Select(l => by > 0 ? new string(' ', by) + l : l[Math.Min(-by, l.TakeWhile(c => c == ' ').Count())..]));

    /// <summary>Each top-level key's block as <paramref name="serializer"/> writes it.</summary>
    private static Dictionary<string, string> Canonical(object value, ISerializer serializer) =>
        Split(serializer.Serialize(value))
            .Where(s => s.Key is not null)
            .ToDictionary(s => s.Key!, s => s.Text, StringComparer.Ordinal);

    private static FrontMatter? Read(string yaml) => ContentYaml.ReadFrontMatter(yaml, firstLine: 2).FrontMatter;

    /// <summary>The lines of <paramref name="text"/>, each with its line ending.</summary>
    private static List<string> Lines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }

    private static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);

    private static bool IsContinuation(string line) =>
        !IsBlank(line) && (line[0] is ' ' or '\t' || line.StartsWith("- ", StringComparison.Ordinal) || line.TrimEnd() == "-");

    [GeneratedRegex(@"^(?<key>[A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?=[ \t\r\n]|$)")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"^(?<indent> *)- ")]
    private static partial Regex ItemLine();

    [GeneratedRegex(@"^(?<key>[A-Za-z_][A-Za-z0-9_-]*):[ \t]+#[^\r]*\r?$")]
    private static partial Regex KeyWithComment();
}
