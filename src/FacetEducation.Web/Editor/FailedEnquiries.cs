namespace FacetEducation.Web.Editor;

/// <summary>Whose email it was: an enquiry's, or one of the editor's to a clinician.</summary>
public enum FailedEmailOwner
{
    Enquiry,
    Editor,
}

/// <summary>An email that could not be delivered, as the dashboard lists it: an enquiry's, or the
/// editor's to a clinician (listed apart, as a failed email rather than a failed enquiry). No message
/// text or contact details: the dashboard shows only what is needed to decide to retry.</summary>
public sealed record FailedEnquiry(long Id, DateTimeOffset Received, string Description, string Reason, FailedEmailOwner Owner = FailedEmailOwner.Enquiry);

/// <summary>
/// Implemented by the enquiries feature's outbox; the dashboard lists failed deliveries and offers
/// a retry when an implementation is registered, and says nothing about enquiries otherwise.
/// </summary>
public interface IFailedEnquiries
{
    Task<IReadOnlyList<FailedEnquiry>> ListAsync(CancellationToken cancellationToken = default);

    Task RetryAsync(long id, CancellationToken cancellationToken = default);
}
