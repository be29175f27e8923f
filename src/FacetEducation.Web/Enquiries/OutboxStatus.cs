namespace FacetEducation.Web.Enquiries;

/// <summary>Where an email in the outbox is. Stored as a word (<see cref="OutboxStatusText"/>) in
/// <c>outbox.status</c>.</summary>
internal enum OutboxStatus
{
    /// <summary>Waiting for its next attempt (<c>next_attempt_at</c>).</summary>
    Pending,
    Sent,

    /// <summary>Given up on: refused for good, or failing for too long; the dashboard offers a retry.</summary>
    Failed,
}

/// <summary>The one mapping between <see cref="OutboxStatus"/> and the word stored for it. The
/// words are those of every existing database and migration, and the API's status answer shows
/// them as they are, so they never change.</summary>
internal static class OutboxStatusText
{
    public static string ToStored(this OutboxStatus status) => status switch
    {
        OutboxStatus.Pending => "pending",
        OutboxStatus.Sent => "sent",
        OutboxStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not an outbox status."),
    };

    /// <summary>The status stored as <paramref name="stored"/>; a word this version does not know is
    /// a file written by something else, and is refused rather than guessed.</summary>
    public static OutboxStatus Parse(string stored) => stored switch
    {
        "pending" => OutboxStatus.Pending,
        "sent" => OutboxStatus.Sent,
        "failed" => OutboxStatus.Failed,
        _ => throw new FormatException($"'{stored}' is not an outbox status."),
    };
}
