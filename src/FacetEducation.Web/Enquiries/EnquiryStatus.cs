namespace FacetEducation.Web.Enquiries;

/// <summary>Where the two emails of one enquiry are: the stored word of their <see cref="OutboxStatus"/>
/// (<c>pending</c>, <c>sent</c> or <c>failed</c>), or <c>none</c> for an acknowledgement held back.</summary>
public sealed record EnquiryStatus(string Id, DateTimeOffset ReceivedAt, string Notification, string Acknowledgement);
