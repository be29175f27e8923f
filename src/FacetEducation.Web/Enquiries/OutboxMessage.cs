namespace FacetEducation.Web.Enquiries;

/// <summary>An email waiting in the outbox: an enquiry's (<see cref="EnquiryId"/>) or the editor's (null).
/// <see cref="CreatedAt"/> is when the enquiry came in, or when the editor's email was queued.</summary>
internal sealed record OutboxMessage(long Id, string? EnquiryId, MessageKind Kind, string MessageId, int Attempts, DateTimeOffset CreatedAt, byte[] Mime)
{
    /// <summary>How the log names it: the enquiry id, or the outbox id of an editor's email (never an address).</summary>
    public string Label => EnquiryId is null ? $"Editor email {Id}" : $"Enquiry {EnquiryId}";
}

/// <summary>One finished email for the outbox.</summary>
internal sealed record StoredEmail(string MessageId, byte[] Mime);
