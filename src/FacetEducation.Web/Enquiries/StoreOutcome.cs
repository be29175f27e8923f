namespace FacetEducation.Web.Enquiries;

/// <summary>
/// A valid enquiry ready to store: the acknowledgement, the clinic's notification for each way the
/// acknowledgement decision can go (it is made in the store, under the write lock), and the key that
/// makes a resend of the same submission a replay.
/// </summary>
internal sealed record NewEnquiry(
    string Id,
    Enquiry Enquiry,
    DateTimeOffset Received,
    string? SubmissionKey,
    string RequestHash,
    StoredEmail Acknowledgement,
    IReadOnlyDictionary<AcknowledgementDecision, StoredEmail> Notifications);

/// <summary>What storing did: a new enquiry, a replay of one already stored, or a key already used for a different one.</summary>
public enum StoreResult
{
    Stored,
    Replayed,
    KeyReused,
}

/// <summary>The outcome of an insert: for a replay, the id and urgency of the enquiry first stored.</summary>
internal sealed record StoreOutcome(StoreResult Result, string Id, bool Urgent, AcknowledgementDecision Acknowledgement);
