using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Content;

/// <summary>
/// The clinic's calendar: today's date and the time zone (<c>Content:TimeZone</c>) in which
/// publish dates, review dates and the times shown to editors are read. It reads the app's
/// <see cref="TimeProvider"/>, so the tests' fake clock moves it.
/// </summary>
public sealed class ClinicClock(IOptions<ContentOptions> options, TimeProvider time)
{
    public TimeZoneInfo TimeZone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>Today's date at the clinic, for publish dates and review reminders.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZone).DateTime);

    /// <summary>This moment, for what happens at a time rather than on a day (a scheduled publication).</summary>
    public DateTimeOffset Now => time.GetUtcNow();
}
