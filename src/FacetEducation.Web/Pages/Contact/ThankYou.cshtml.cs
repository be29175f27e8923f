using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Markdown;
using FacetEducation.Web.Enquiries;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FacetEducation.Web.Pages.Contact;

/// <summary>
/// After a stored enquiry. <c>?advice=immediate</c> (a 999 sign was ticked) or <c>?advice=urgent</c>
/// (only 111 signs) puts that advice first; it is in the address rather than a cookie so a refresh
/// keeps it. Any other value is the plain thank-you page.
/// </summary>
public sealed class ThankYouModel(ContentStore content) : PageModel
{
    /// <summary>The advice shown first, or null for the plain thank-you page.</summary>
    public CareCardLevel? Advice { get; private set; }

    /// <summary>The red-flag groups in the order shown: the advice given first, then the other.</summary>
    public IReadOnlyList<RedFlagGroup> Groups { get; private set; } = [];

    public ClinicProfile Clinic { get; private set; } = null!;

    /// <summary>The <c>advice</c> value of the address for a level: the care card's own name.</summary>
    public static string AdviceValue(CareCardLevel level) => level.CssModifier();

    public void OnGet(string? advice)
    {
        Advice = CareCards.TryParse(advice, out var level) && level is CareCardLevel.Immediate or CareCardLevel.Urgent
            && string.Equals(advice, AdviceValue(level), StringComparison.Ordinal)
            ? level
            : null;
        Groups = [.. EnquiryChoices.RedFlagGroups.OrderBy(g => g.Level == Advice ? 0 : 1)];
        Clinic = content.Current.Clinic;
    }
}
