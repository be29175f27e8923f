namespace FacetEducation.Web.Enquiries;

/// <summary>An email that could not be delivered, for the clinician's list: an enquiry's, or (with
/// <see cref="EnquiryId"/> null) an email to a clinician, which <see cref="About"/> describes.</summary>
public sealed record FailedEmail(long Id, string? EnquiryId, MessageKind Kind, int Attempts, DateTimeOffset ReceivedAt, DateTimeOffset? LastAttemptAt, string? LastError, bool Urgent, string? About = null);
