using System.Globalization;

namespace FacetEducation.Web.Content;

/// <summary>Dates as a UK reader writes them: "20 November 2026"; times at the clinic: "20 November 2026, 14:05".</summary>
public static class Dates
{
    private static readonly CultureInfo British = CultureInfo.GetCultureInfo("en-GB");

    public static string Long(DateOnly date) => date.ToString("d MMMM yyyy", British);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// A moment as the clinic's clock showed it (<c>Content:TimeZone</c>), never UTC: the editor's
    /// history, dashboard, sign-off notes and emails all say it this one way, and admin.js writes the
    /// time of text kept in the browser the same way (from <see cref="IanaId"/>).
    /// </summary>
    public static string Time(DateTimeOffset when, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(when, zone).ToString("d MMMM yyyy, HH:mm", British);

    /// <summary>The zone's IANA name ("Europe/London"), which browsers understand, even when it was configured by its Windows name.</summary>
    public static string IanaId(TimeZoneInfo zone) =>
        zone.HasIanaId ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : zone.Id;
}
