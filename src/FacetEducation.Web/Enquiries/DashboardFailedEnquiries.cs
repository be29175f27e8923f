using FacetEducation.Web.Editor;

namespace FacetEducation.Web.Enquiries;

/// <summary>
/// The outbox's failed emails as the clinician's dashboard lists them: the enquiry id, when it was
/// received, which email failed and why, with what to do next. Never the visitor's message, name
/// or contact details: the clinician only needs to decide whether to try again.
/// </summary>
internal sealed class DashboardFailedEnquiries(EnquiryService enquiries) : IFailedEnquiries
{
    public Task<IReadOnlyList<FailedEnquiry>> ListAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<FailedEnquiry> failed = [.. enquiries.ListFailed().Select(ToDashboard)];
        return Task.FromResult(failed);
    }

    // An id that is no longer failed (sent meanwhile, retried in another tab, or deleted by
    // retention) is nothing to do: the dashboard shows the current list either way.
    public Task RetryAsync(long id, CancellationToken cancellationToken = default) => enquiries.RetryAsync(id, cancellationToken);

    internal static FailedEnquiry ToDashboard(FailedEmail email)
    {
        if (email.EnquiryId is null)
        {
            var error = string.IsNullOrWhiteSpace(email.LastError) ? "No reason was recorded" : email.LastError.TrimEnd('.');
            return new FailedEnquiry(email.Id, email.ReceivedAt, email.About ?? "An email to a clinician",
                $"{error}. Check the clinician's address (Editor:Accounts:N:Email) and the mail settings (Smtp), then try again; the dashboard lists the same.",
                FailedEmailOwner.Editor);
        }

        var which = email.Kind == MessageKind.Notification ? "email to the clinic inbox" : "acknowledgement to the visitor";
        var urgent = email.Urgent ? " (URGENT: red-flag symptoms ticked)" : "";
        return new FailedEnquiry(email.Id, email.ReceivedAt, $"Enquiry {email.EnquiryId}: {which}{urgent}", Reason(email));
    }

    private static string Reason(FailedEmail email)
    {
        var error = string.IsNullOrWhiteSpace(email.LastError) ? "No reason was recorded" : email.LastError.TrimEnd('.');
        var next = email.Kind == MessageKind.Notification
            ? "Check the mail settings (Smtp and Mail:ClinicInbox), then try again."
            : "The visitor's address may be mistyped, or the mail settings wrong: fix the settings and try again, or contact the visitor another way.";
        return $"{error}. {next}";
    }
}
