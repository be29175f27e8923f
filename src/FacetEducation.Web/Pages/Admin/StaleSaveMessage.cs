using FacetEducation.Web.Admin;

namespace FacetEducation.Web.Pages.Admin;

/// <summary>The words of a save refused because a newer version exists: one wording for every form
/// that saves a document (articles, the clinic's details, the synonyms).</summary>
internal static class StaleSaveMessage
{
    public static string For(Revision newest, string me, TimeZoneInfo zone)
    {
        var when = TimeZoneInfo.ConvertTime(newest.Created, zone);
        var who = newest.Author == me
            ? "you saved this in another tab or window"
            : $"{newest.AuthorName ?? "someone (outside the editor)"} saved a newer version";
        return $"Not saved: {who} at {when:HH:mm} on {when:d MMMM} after you opened this one. Nothing was overwritten and what you typed is still in the form. Compare the two versions below, then either change it to what it should be, or choose \"Keep mine, replace theirs\".";
    }
}
