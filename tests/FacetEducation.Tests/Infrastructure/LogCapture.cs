using System.Collections.Concurrent;
using System.Globalization;
using Serilog.Core;
using Serilog.Events;

namespace FacetEducation.Tests.Infrastructure;

/// <summary>Serilog events, rendered, with their property values.</summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    /// <summary>Every message and property value, as one text, for "never contains" checks.</summary>
    public string AllText => string.Join('\n', _events.Select(e =>
        e.RenderMessage(CultureInfo.InvariantCulture) + " " + string.Join(' ', e.Properties.Values.Select(v => v.ToString())) + " " + e.Exception));

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
}
