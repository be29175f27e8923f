using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;
using FacetEducation.Web.Enquiries;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FacetEducation.Web.Pages.Admin;

/// <summary>The dashboard's lists: everything, or what waits for the signed-in clinician.</summary>
public enum DashboardFilter
{
    All,

    /// <summary>Versions waiting for sign-off, and articles awaiting their first review.</summary>
    SignOff,
    Overdue,

    /// <summary>Due today or within <see cref="ReviewDue.FirstReminderDays"/> days.</summary>
    DueSoon,
}

public sealed class IndexModel(EditorDashboard dashboard, EditorAccounts accounts, ClinicClock clock, EnquiryService enquiries) : PageModel
{
    /// <summary>The filters as the address says them (<c>/admin?show=sign-off</c>): plain links, so they work without JavaScript.</summary>
    public static readonly IReadOnlyDictionary<DashboardFilter, string> FilterNames = new Dictionary<DashboardFilter, string>
    {
        [DashboardFilter.All] = "all",
        [DashboardFilter.SignOff] = "sign-off",
        [DashboardFilter.Overdue] = "overdue",
        [DashboardFilter.DueSoon] = "due-soon",
    };

    public IReadOnlyList<DocumentSummary> Documents { get; private set; } = [];

    /// <summary>How many documents each filter shows.</summary>
    public IReadOnlyDictionary<DashboardFilter, int> Counts { get; private set; } = new Dictionary<DashboardFilter, int>();

    public DashboardFilter Filter { get; private set; }

    public bool IsReviewer { get; private set; }

    /// <summary>Failed emails of enquiries.</summary>
    public IReadOnlyList<FailedEmail> FailedEnquiries { get; private set; } = [];

    /// <summary>Failed emails of the editor's to clinicians (sign-off requests, review reminders).</summary>
    public IReadOnlyList<FailedEmail> FailedEditorEmails { get; private set; } = [];

    public string? Message { get; private set; }

    public DateOnly Today => clock.Today;

    public async Task OnGetAsync(string? retried, string? discarded, string? show)
    {
        Message = retried is not null ? "The email will be sent again in a moment."
            : DocumentId.TryFromRelativePath(discarded ?? "", out var gone) ? $"The draft of content/{gone.RelativePath} was thrown away. It was never published, so nothing on the public site changed."
            : null;
        IsReviewer = accounts.Current(User)?.IsReviewer == true;
        Filter = FilterNames.FirstOrDefault(f => string.Equals(f.Value, show, StringComparison.OrdinalIgnoreCase)) is { Value: not null } named ? named.Key : DashboardFilter.All;
        var all = await dashboard.ListAsync();
        Counts = Enum.GetValues<DashboardFilter>().ToDictionary(f => f, f => all.Count(d => Shows(f, d)));
        Documents = [.. all.Where(d => Shows(Filter, d))];
        var failed = enquiries.ListFailed();
        FailedEnquiries = [.. failed.Where(f => f.OfEnquiry)];
        FailedEditorEmails = [.. failed.Where(f => !f.OfEnquiry)];
    }

    public async Task<IActionResult> OnPostRetryAsync(long id)
    {
        // An id that is no longer failed (sent meanwhile, retried in another tab, or deleted by
        // retention) is nothing to do: the dashboard shows the current list either way.
        await enquiries.RetryAsync(id, HttpContext.RequestAborted);
        return RedirectToPage(new { retried = id });
    }

    /// <summary>Which email failed: the enquiry and which of its two emails (and whether red flags
    /// were ticked), or what the editor's email to a clinician was about. Never the visitor's
    /// message, name or contact details: the clinician only needs to decide whether to try again.</summary>
    public static string Description(FailedEmail email)
    {
        if (!email.OfEnquiry)
        {
            return email.About ?? "An email to a clinician";
        }

        var which = email.Kind == MessageKind.Notification ? "email to the clinic inbox" : "acknowledgement to the visitor";
        var urgent = email.Urgent ? " (URGENT: red-flag symptoms ticked)" : "";
        return $"Enquiry {email.EnquiryId}: {which}{urgent}";
    }

    /// <summary>Why it failed, as the mail server said, and what to do next.</summary>
    public static string Reason(FailedEmail email)
    {
        var error = string.IsNullOrWhiteSpace(email.LastError) ? "No reason was recorded" : email.LastError.TrimEnd('.');
        var next = !email.OfEnquiry
            ? "Check the clinician's address (Editor:Accounts:N:Email) and the mail settings (Smtp), then try again; the dashboard lists the same."
            : email.Kind == MessageKind.Notification
            ? "Check the mail settings (Smtp and Mail:ClinicInbox), then try again."
            : "The visitor's address may be mistyped, or the mail settings wrong: fix the settings and try again, or contact the visitor another way.";
        return $"{error}. {next}";
    }

    public bool Shows(DashboardFilter filter, DocumentSummary doc) => filter switch
    {
        DashboardFilter.SignOff => doc.Status is DocumentStatus.AwaitingSignOff or DocumentStatus.AwaitingFirstReview,
        DashboardFilter.Overdue => ReviewDue.Of(doc.NextReviewDue, clock.Today) == ReviewDueState.Overdue,
        DashboardFilter.DueSoon => ReviewDue.Of(doc.NextReviewDue, clock.Today) == ReviewDueState.DueSoon,
        _ => true,
    };

    /// <summary>The filter's link text; "needs my sign-off" only for a clinician who can sign off.</summary>
    public string FilterText(DashboardFilter filter) => filter switch
    {
        DashboardFilter.SignOff => IsReviewer ? "Needs my sign-off" : "Awaiting a reviewer's sign-off",
        DashboardFilter.Overdue => "Review overdue",
        DashboardFilter.DueSoon => $"Review due within {ReviewDue.FirstReminderDays} days",
        _ => "Everything",
    };

    /// <summary>What an empty filtered list means.</summary>
    public string EmptyText => Filter switch
    {
        DashboardFilter.SignOff => IsReviewer ? "Nothing needs your sign-off." : "Nothing is waiting for a reviewer's sign-off.",
        DashboardFilter.Overdue => "No review is overdue.",
        DashboardFilter.DueSoon => $"No review is due within {ReviewDue.FirstReminderDays} days.",
        _ => "There is no content yet.",
    };

    public static string FilterUrl(DashboardFilter filter) => filter == DashboardFilter.All ? "/admin" : "/admin?show=" + FilterNames[filter];

    /// <summary>A moment at the clinic (<c>Content:TimeZone</c>), never UTC.</summary>
    public string LocalTime(DateTimeOffset when) => Dates.Time(when, clock.TimeZone);

    public string DueClass(DocumentSummary doc) => ReviewDue.Of(doc.NextReviewDue, clock.Today) switch
    {
        ReviewDueState.Overdue => "due--overdue",
        ReviewDueState.DueSoon => "due--soon",
        _ => "",
    };

    public string ReadingAgeClass(ReadingAge? age) =>
        age is null ? "" : age.Years > ReadingAge.ErrorAbove ? "reading--error" : age.Years > ReadingAge.WarnAbove ? "reading--warning" : "";

    public static string StatusText(DocumentStatus status) => status switch
    {
        DocumentStatus.Published => "Published",
        DocumentStatus.AwaitingFirstReview => "Published, awaiting its first review",
        DocumentStatus.ReviewNotSignedOff => "Published, review not signed off here",
        DocumentStatus.Scheduled => "Scheduled",
        DocumentStatus.Draft => "Draft",
        DocumentStatus.AwaitingSignOff => "Awaiting sign-off",
        DocumentStatus.SavedWithErrors => "Saved, not published (has errors)",
        DocumentStatus.LastGoodLive => "Not published: the site shows the last good version until the errors are fixed",
        _ => "Not published (has errors)",
    };
}
