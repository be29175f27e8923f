namespace FacetEducation.Web.Editor;

/// <summary>An enquiry whose email could not be delivered, as the dashboard lists it. No message
/// text or contact details: the dashboard shows only what is needed to decide to retry.</summary>
public sealed record FailedEnquiry(long Id, DateTimeOffset Received, string Description, string Reason);

/// <summary>
/// Implemented by the enquiries feature's outbox; the dashboard lists failed deliveries and offers
/// a retry when an implementation is registered, and says nothing about enquiries otherwise.
/// </summary>
public interface IFailedEnquiries
{
    Task<IReadOnlyList<FailedEnquiry>> ListAsync(CancellationToken cancellationToken = default);

    Task RetryAsync(long id, CancellationToken cancellationToken = default);
}
