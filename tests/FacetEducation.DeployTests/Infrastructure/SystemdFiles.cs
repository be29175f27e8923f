using System.Text;

namespace FacetEducation.DeployTests.Infrastructure;

/// <summary>
/// A systemd unit file as systemd reads it: sections of <c>Key=value</c> lines, comments dropped, a
/// key that appears twice keeping both values. Only what the tests need to run a unit's command
/// the way systemd would.
/// </summary>
public sealed class SystemdUnit
{
    private readonly Dictionary<(string Section, string Key), List<string>> _values = [];

    private SystemdUnit(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static SystemdUnit Read(string path)
    {
        var unit = new SystemdUnit(path);
        var section = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1];
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"{path}: a line that is neither a section nor Key=value: {raw}");
            var key = (section, line[..equals].Trim());
            if (!unit._values.TryGetValue(key, out var values))
            {
                unit._values[key] = values = [];
            }

            values.Add(line[(equals + 1)..].Trim());
        }

        return unit;
    }

    /// <summary>The one value of a key in [Service]; fails the test if it is missing or set twice.</summary>
    public string Service(string key)
    {
        var values = ServiceAll(key);
        Assert.True(values.Count == 1, $"{Path}: expected exactly one {key}= in [Service], found {values.Count}");
        return values[0];
    }

    public IReadOnlyList<string> ServiceAll(string key) =>
        _values.TryGetValue(("Service", key), out var values) ? values : [];

    public string? ServiceOrNull(string key) => ServiceAll(key) is [.., var last] ? last : null;

    /// <summary>ExecStart split into words as systemd splits it.</summary>
    public IReadOnlyList<string> ExecStart()
    {
        var line = Service("ExecStart");
        Assert.False(line.Length > 0 && line[0] is '-' or '@' or '+' or '!' or ':',
            $"{Path}: ExecStart prefixes are not expected here: {line}");
        return Words(line);
    }

    /// <summary>Every KEY=value of every Environment= line.</summary>
    public IEnumerable<KeyValuePair<string, string>> Environment() =>
        ServiceAll("Environment").SelectMany(Words).Select(assignment =>
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"{Path}: Environment= holds something that is not KEY=value: {assignment}");
            return KeyValuePair.Create(assignment[..equals], assignment[(equals + 1)..]);
        });

    /// <summary>A line split into words as systemd splits ExecStart and Environment: at spaces, outside quotes.</summary>
    public static IReadOnlyList<string> Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        char? quote = null;
        foreach (var c in line)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == ' ')
            {
                if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>Every path of every ReadWritePaths= line.</summary>
    public IReadOnlyList<string> ReadWritePaths() =>
        [.. ServiceAll("ReadWritePaths").SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries))];
}

/// <summary>
/// A systemd EnvironmentFile: <c>KEY=value</c> lines, <c>#</c> comments, values optionally in double
/// quotes (with backslash escapes) or single quotes, as systemd's own parser reads them for the
/// values the template uses.
/// </summary>
public static class EnvironmentFile
{
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, "An environment file line that is not KEY=value: " + raw);
            values[line[..equals].Trim()] = Unquote(line[(equals + 1)..].Trim());
        }

        return values;
    }

    /// <summary>
    /// The template with the given keys' values replaced, line by line, comments kept. Each key must
    /// already be in the template: the test fills in the template, it does not add to it.
    /// </summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = template.Split('\n').Select(line =>
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || equals <= 0 || !values.TryGetValue(line[..equals], out var value))
            {
                return line;
            }

            seen.Add(line[..equals]);
            return line[..equals] + "=" + Quote(value);
        });
        var filled = string.Join('\n', lines);
        var missing = values.Keys.Where(k => !seen.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "Keys the test fills but the template does not list: " + string.Join(", ", missing));
        return filled;
    }

    private static string Quote(string value) =>
        value.Any(c => c is ' ' or '"' or '\'' or '\\' or '#' or '$')
            ? "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : value;

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
        {
            return value[1..^1];
        }

        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            var text = new StringBuilder();
            for (var i = 1; i < value.Length - 1; i++)
            {
                if (value[i] == '\\' && i + 1 < value.Length - 1)
                {
                    i++;
                }

                text.Append(value[i]);
            }

            return text.ToString();
        }

        return value;
    }
}
