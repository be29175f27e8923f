using System.Globalization;

namespace FacetEducation.Web.Site;

/// <summary>Dates as a UK reader writes them: "20 November 2026".</summary>
public static class Dates
{
    private static readonly CultureInfo British = CultureInfo.GetCultureInfo("en-GB");

    public static string Long(DateOnly date) => date.ToString("d MMMM yyyy", British);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
