using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace FacetEducation.Web.Content;

/// <summary>The one YAML deserializer for front matter and <c>clinic.yml</c> (thread-safe once built).</summary>
public static class ContentYaml
{
    public static IDeserializer Deserializer { get; } = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithTypeConverter(new IsoDateOnlyConverter())
        .WithTypeConverter(new HourMinuteConverter())
        .Build();

    /// <summary>The same rules as <see cref="Deserializer"/> for <see cref="FrontMatter"/> only, through
    /// generated code: every article's front matter is read at start-up, and reflection would be the
    /// largest part of loading a large content folder.</summary>
    public static IDeserializer FrontMatterDeserializer { get; } = new StaticDeserializerBuilder(new FrontMatterYamlContext())
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithTypeConverter(new IsoDateOnlyConverter())
        .WithTypeConverter(new HourMinuteConverter())
        .Build();

    /// <summary>Writes front matter as the editor saves it: camelCase keys, ISO dates, nothing empty.</summary>
    public static ISerializer Serializer { get; } = Writer().Build();

    /// <summary>Writes <c>clinic.yml</c> as the editor saves it: the same, with quoted <c>"HH:mm"</c> times, and
    /// lists indented under their key as the shipped file writes them.</summary>
    public static ISerializer SettingsSerializer { get; } = Writer().WithIndentedSequences().Build();

    private static SerializerBuilder Writer() => new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithTypeConverter(new IsoDateOnlyConverter())
        .WithTypeConverter(new HourMinuteConverter())
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitDefaults | DefaultValuesHandling.OmitEmptyCollections)
        .DisableAliases();

    /// <summary>The one reader of front matter, for the site, the editor and <c>check-content</c>:
    /// <paramref name="yaml"/> is the text between the two <c>---</c> lines and
    /// <paramref name="firstLine"/> the line of the file it starts on, so a problem names the line and
    /// column in the file, in plain English.</summary>
    public static FrontMatterRead ReadFrontMatter(string yaml, int firstLine)
    {
        try
        {
            return new FrontMatterRead(FrontMatterDeserializer.Deserialize<FrontMatter>(yaml) ?? new FrontMatter(), null);
        }
        catch (YamlException ex)
        {
            var (yamlLine, yamlColumn) = Describe(ex).Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstIndentingTab(yaml) is { } tab
                ? tab
                : Where(ex);
            var line = firstLine + yamlLine - 1;
            return new FrontMatterRead(null, new YamlProblem(line, yamlColumn,
                $"Front matter is not valid at line {line}, column {yamlColumn}: {Explain(ex)}"));
        }
    }

    /// <summary>Where the mistake is, counted from 1 within the YAML. A syntax error's start is the start
    /// of what was being read (a mapping begun lines earlier); its end is where reading failed. A wrong
    /// value's start is the value.</summary>
    public static (int Line, int Column) Where(YamlException ex)
    {
        var mark = ex is SyntaxErrorException or SemanticErrorException ? ex.End : ex.Start;
        return (Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column));
    }

    /// <summary>The first tab in a line's indentation (YamlDotNet reports where the mapping began).</summary>
    private static (int Line, int Column)? FirstIndentingTab(string yaml)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indent)
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }

    /// <summary>A YAML error in a clinician's words: what is wrong and what to do. YamlDotNet's own
    /// messages ("While parsing a block mapping, did not find expected key") name its grammar, not
    /// the mistake.</summary>
    public static string Explain(YamlException ex)
    {
        var message = Describe(ex);
        bool Has(string part) => message.Contains(part, StringComparison.OrdinalIgnoreCase);
        if (ex.InnerException is FormatException or OverflowException)
        {
            return "this value is not of the right kind: a year is a number (2024), and 'draft' and 'featured' are true or false.";
        }

        if (ex.InnerException is InvalidCastException)
        {
            return Has("List`1")
                ? "this setting takes a list. Write it as [first, second], or as lines starting with '  - ' under it."
                : "this setting takes named parts on the lines under it, each indented by two spaces (for example '  name: ...' under 'reviewer:').";
        }

        if (Has("is not a date") || Has("is not a time"))
        {
            return message; // our own date and time readers already speak plainly
        }

        if (Has("not found on type"))
        {
            var name = message.Split('\'')[1];
            return $"'{name}' is not a setting the site knows. Check its spelling against content/README.md, or remove it.";
        }

        if (Has("tab"))
        {
            return "this line is indented with a tab. Use spaces to indent the settings (two spaces under 'reviewer:' or 'sources:').";
        }

        if (Has("invalid mapping") || Has("Mapping values are not allowed"))
        {
            return "a value here contains ': ', or the line is indented when it should start at the left edge. Put a value that contains ': ' in double quotes, for example title: \"Back pain: what helps\".";
        }

        if (Has("did not find expected key") || Has("could not find expected ':'"))
        {
            return "this line does not fit the settings above it. Each setting is 'name: value' on its own line, lined up with the others; put a value that starts with a quote or a dash inside double quotes.";
        }

        if (Has("did not find expected ',' or ']'") || Has("did not find expected ',' or '}'"))
        {
            return "a list in square brackets is not closed. Write it as [lumbar, cervical], with the closing ']' on the same line.";
        }

        if (Has("quoted scalar") || Has("end of stream"))
        {
            return "a quote is opened but not closed. Close it with the same kind of quote (\" or ') at the end of the value.";
        }

        if (Has("cannot start any token"))
        {
            return "a value starts with a character YAML does not allow there (such as @ or `). Put the value in double quotes.";
        }

        if (Has("Duplicate key"))
        {
            return "this setting is written twice. Keep one.";
        }

        return "the settings could not be read here (" + message + "). Compare them with the example in content/README.md.";
    }

    /// <summary>The message of a YAML error without YamlDotNet's position prefix (the caller gives the line).</summary>
    public static string Describe(YamlException ex)
    {
        var message = ex.InnerException?.Message ?? ex.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && marker > 0)
        {
            message = message[(marker + 3)..];
        }

        return message;
    }

    /// <summary>A time of day as <c>clinic.yml</c> takes it (<c>HH:mm</c>), for the YAML reader and the
    /// editor's opening-hours form; null (with what to write instead) when it is not one.</summary>
    public static TimeOnly? ReadTime(string value, out string? problem)
    {
        problem = null;
        if (TimeOnly.TryParseExact(value.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        problem = $"'{value}' is not a time: write it as HH:mm, for example \"09:00\".";
        return null;
    }

    /// <summary>Dates are written <c>YYYY-MM-DD</c> and nothing else, so 03/04/2026 cannot mean two days.</summary>
    private sealed class IsoDateOnlyConverter : IYamlTypeConverter
    {
        public bool Accepts(Type type) => type == typeof(DateOnly) || type == typeof(DateOnly?);

        public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
        {
            var scalar = parser.Consume<Scalar>();
            if (string.IsNullOrWhiteSpace(scalar.Value) && type == typeof(DateOnly?))
            {
                return null;
            }

            return DateOnly.TryParseExact(scalar.Value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw new YamlException(scalar.Start, scalar.End, $"'{scalar.Value}' is not a date: write it as YYYY-MM-DD, for example 2026-11-20.");
        }

        public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
            emitter.Emit(new Scalar(value is DateOnly d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty));
    }

    /// <summary>Opening times are written <c>HH:mm</c>, for example <c>"09:00"</c>.</summary>
    private sealed class HourMinuteConverter : IYamlTypeConverter
    {
        public bool Accepts(Type type) => type == typeof(TimeOnly);

        public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
        {
            var scalar = parser.Consume<Scalar>();
            return ReadTime(scalar.Value, out var problem) ?? throw new YamlException(scalar.Start, scalar.End, problem!);
        }

        // Quoted, as clinic.yml writes them: unquoted, YAML 1.1 readers take 09:00 for a number of minutes.
        public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
            emitter.Emit(new Scalar(null, null, value is TimeOnly t ? t.ToString("HH:mm", CultureInfo.InvariantCulture) : string.Empty,
                ScalarStyle.DoubleQuoted, isPlainImplicit: false, isQuotedImplicit: true));
    }
}

/// <summary>What <see cref="ContentYaml.ReadFrontMatter"/> read: the front matter, or the problem.</summary>
public sealed record FrontMatterRead(FrontMatter? FrontMatter, YamlProblem? Problem);

/// <summary>A YAML problem at a line and column of the file, with a message a clinician can act on.</summary>
public sealed record YamlProblem(int Line, int Column, string Message);
