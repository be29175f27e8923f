using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;
using FacetEducation.Web.Editor;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FacetEducation.Web.Pages.Admin;

public sealed class IndexModel(EditorDocuments documents, ContentStore store, IServiceProvider services) : PageModel
{
    /// <summary>Registered by the enquiries feature; null when it is not there.</summary>
    private readonly IFailedEnquiries? _failed = services.GetService<IFailedEnquiries>();

    public IReadOnlyList<DocumentSummary> Documents { get; private set; } = [];

    public IReadOnlyList<FailedEnquiry>? FailedEnquiries { get; private set; }

    public string? Message { get; private set; }

    public async Task OnGetAsync(string? retried)
    {
        Message = retried is null ? null : "The enquiry will be sent again in a moment.";
        Documents = await documents.ListAsync();
        FailedEnquiries = _failed is null ? null : await _failed.ListAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostRetryAsync(long id)
    {
        if (_failed is null)
        {
            return NotFound();
        }

        await _failed.RetryAsync(id, HttpContext.RequestAborted);
        return RedirectToPage(new { retried = id });
    }

    public string DueClass(DocumentSummary doc) =>
        doc.NextReviewDue is not { } due ? ""
        : due < store.Today ? "due--overdue"
        : due <= store.Today.AddDays(ContentChecks.ReviewSoonDays) ? "due--soon"
        : "";

    public string ReadingAgeClass(ReadingAge? age) =>
        age is null ? "" : age.Years > ReadingAge.ErrorAbove ? "reading--error" : age.Years > ReadingAge.WarnAbove ? "reading--warning" : "";

    public static string StatusText(DocumentStatus status) => status switch
    {
        DocumentStatus.Published => "Published",
        DocumentStatus.AwaitingFirstReview => "Published, awaiting its first review",
        DocumentStatus.Scheduled => "Scheduled",
        DocumentStatus.Draft => "Draft",
        DocumentStatus.AwaitingSignOff => "Awaiting sign-off",
        DocumentStatus.SavedWithErrors => "Saved, not published (has errors)",
        DocumentStatus.LastGoodLive => "Not published: the site shows the last good version until the errors are fixed",
        _ => "Not published (has errors)",
    };
}
