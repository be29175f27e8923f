using System.Globalization;
using FacetEducation.Web.Content;

namespace FacetEducation.Web.Admin;

/// <summary>
/// When a signed-off version may be scheduled to go live: a moment entered as the clinic's clock shows
/// it (<c>Content:TimeZone</c>, minute precision, as a browser's date-and-time field sends it), in the
/// future and at most <see cref="Furthest"/> away. A year, because the review a sign-off writes is
/// dated the day it was signed: a page going live later than that would show a review already a year old.
/// </summary>
public static class GoLiveRule
{
    public static readonly TimeSpan Furthest = TimeSpan.FromDays(365);

    /// <summary>The form's value: <c>yyyy-MM-ddTHH:mm</c> (a <c>datetime-local</c> field), seconds allowed.</summary>
    public static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd' 'HH:mm"];

    /// <summary>Reads a clinic-time value into a moment; null with <paramref name="problem"/> when it is not one.</summary>
    public static DateTimeOffset? Parse(string? value, ClinicClock clock, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = "Choose the date and time it should go live, or choose to go live now.";
            return null;
        }

        if (!DateTime.TryParseExact(value.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            problem = $"“{value.Trim()}” is not a date and time. Enter it as the date and then the time, for example {Dates.Iso(clock.Today.AddDays(1))} 09:00.";
            return null;
        }

        var zone = clock.TimeZone;
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // The hour skipped when the clocks go forward.
            problem = $"{local.ToString("d MMMM yyyy, HH:mm", CultureInfo.GetCultureInfo("en-GB"))} does not exist at the clinic: the clocks go forward that night. Choose a time an hour later.";
            return null;
        }

        // A time that happens twice (the clocks going back) is read as the first of the two.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>Why a sign-off may not go live at <paramref name="moment"/>, or null when it may.</summary>
    public static string? Refusal(DateTimeOffset moment, bool keptAsDraft, ClinicClock clock)
    {
        var now = clock.Now;
        if (keptAsDraft)
        {
            return "a version kept as a draft does not go live. To schedule it, choose “Publish it”; to keep it as a draft, choose to go live now.";
        }

        if (moment <= now)
        {
            return $"{Dates.Time(moment, clock.TimeZone)} has passed: it is {Dates.Time(now, clock.TimeZone)} at the clinic now. Choose a later time, or choose to go live now.";
        }

        if (moment > now + Furthest)
        {
            return $"{Dates.Time(moment, clock.TimeZone)} is more than a year away (the latest is {Dates.Time(now + Furthest, clock.TimeZone)}). The review is dated the day you sign it off, so sign off nearer the time.";
        }

        return null;
    }

    /// <summary>The value a <c>datetime-local</c> field shows for <paramref name="moment"/> at the clinic.</summary>
    public static string FieldValue(DateTimeOffset moment, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(moment, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
