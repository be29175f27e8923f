using FacetEducation.Web.Content;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FacetEducation.Web.Pages.Contact;

/// <summary>
/// After a stored enquiry. <c>?advice=urgent</c> (set when a red-flag symptom was ticked) puts the
/// urgent advice first; it is in the address rather than a cookie so a refresh keeps it.
/// </summary>
public sealed class ThankYouModel(ContentStore content) : PageModel
{
    public const string UrgentAdvice = "urgent";

    public bool Urgent { get; private set; }

    public ClinicProfile Clinic { get; private set; } = null!;

    public void OnGet(string? advice)
    {
        Urgent = string.Equals(advice, UrgentAdvice, StringComparison.Ordinal);
        Clinic = content.Current.Clinic;
    }
}
