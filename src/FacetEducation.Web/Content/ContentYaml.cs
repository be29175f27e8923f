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
    /// generated code: every article's front matter is read at start-up, and reflection was the
    /// largest part of loading 1,000 articles.</summary>
    public static IDeserializer FrontMatterDeserializer { get; } = new StaticDeserializerBuilder(new FrontMatterYamlContext())
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithTypeConverter(new IsoDateOnlyConverter())
        .WithTypeConverter(new HourMinuteConverter())
        .Build();

    /// <summary>Writes front matter as the editor saves it: camelCase keys, ISO dates, nothing empty.</summary>
    public static ISerializer Serializer { get; } = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithTypeConverter(new IsoDateOnlyConverter())
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitDefaults | DefaultValuesHandling.OmitEmptyCollections)
        .DisableAliases()
        .Build();

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
            return TimeOnly.TryParseExact(scalar.Value.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                ? time
                : throw new YamlException(scalar.Start, scalar.End, $"'{scalar.Value}' is not a time: write it as HH:mm, for example \"09:00\".");
        }

        public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
            emitter.Emit(new Scalar(value is TimeOnly t ? t.ToString("HH:mm", CultureInfo.InvariantCulture) : string.Empty));
    }
}
