namespace FacetEducation.Web.Enquiries;

/// <summary>An email that could not be delivered, for the clinician's list: an enquiry's, or (with
/// <see cref="EnquiryId"/> null) an email to a clinician, which <see cref="About"/> describes.
/// No message text or contact details: the dashboard shows only what is needed to decide to retry.</summary>
public sealed record FailedEmail(long Id, string? EnquiryId, MessageKind Kind, int Attempts, DateTimeOffset ReceivedAt, DateTimeOffset? LastAttemptAt, string? LastError, bool Urgent, string? About = null)
{
    /// <summary>An enquiry's email (the dashboard lists the editor's to clinicians apart).</summary>
    public bool OfEnquiry => EnquiryId is not null;
}
