namespace FacetEducation.Web.Admin;

/// <summary>What an email to a clinician is for.</summary>
public enum EditorEmailKind
{
    /// <summary>A version of a condition article waits for a reviewer's sign-off.</summary>
    SignOffRequest,

    /// <summary>A condition article's clinical review is coming due (60 or 14 days before) or overdue.</summary>
    ReviewReminder,

    /// <summary>A reviewer sent a clinician a link to choose a new password.</summary>
    PasswordReset,
}

/// <summary>
/// An email to a clinician. <see cref="Key"/> names what it is about (the version, or the review date
/// and reminder), so that it is queued once however often the site looks or restarts.
/// <see cref="About"/> is how the dashboard lists it if it cannot be delivered.
/// </summary>
public sealed record EditorEmail(string Key, EditorEmailKind Kind, string ToName, string ToAddress, string Subject, string Body, string About);

/// <summary>
/// The site's mail outbox as the editor sees it (implemented by the enquiries feature, whose outbox
/// and sender carry these emails too): queue an email once, durably, to be sent with retries.
/// </summary>
public interface IEditorMail
{
    /// <summary>False while the outbox is paused (its file could not be opened at start-up).</summary>
    bool Available { get; }

    /// <summary>Queues <paramref name="email"/>; false when an email with its key was queued before.</summary>
    Task<bool> QueueAsync(EditorEmail email, CancellationToken cancellationToken = default);
}
