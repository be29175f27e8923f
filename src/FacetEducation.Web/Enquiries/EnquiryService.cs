using System.Security.Cryptography;
using System.Text.Json;
using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Markdown;
using FacetEducation.Web.Data;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FacetEducation.Web.Enquiries;

/// <summary>Where an enquiry came from, which decides what its submission key means.</summary>
public enum EnquiryChannel
{
    /// <summary>The contact form: its key is the form's one-time id, and only the same words sent again are a replay.</summary>
    Form,

    /// <summary>The JSON API: its key is the <c>Idempotency-Key</c> header, and a different body with it is refused.</summary>
    Api,
}

/// <summary>What became of a submission.</summary>
public enum SubmissionOutcome
{
    /// <summary>Not stored: <see cref="EnquirySubmission.Errors"/> says what to correct.</summary>
    Invalid,
    Stored,

    /// <summary>Sent before with the same key and content: nothing new stored or sent; the id is the first one's.</summary>
    Replayed,

    /// <summary>The API key was used before for a different enquiry: nothing stored.</summary>
    KeyReused,

    /// <summary>Valid, but the data folder could not keep it (full, read-only, damaged, or
    /// enquiries paused at start-up): the visitor is asked to phone or try again later.</summary>
    NotStored,
}

/// <summary>The outcome of a submission: stored or replayed (with its id and the red-flag advice the
/// visitor is shown, <see cref="Enquiry.Advice"/>, null for none), or the errors to show.</summary>
public sealed record EnquirySubmission(SubmissionOutcome Outcome, string? Id, CareCardLevel? Advice, IReadOnlyDictionary<string, string[]> Errors)
{
    private static readonly Dictionary<string, string[]> NoErrors = new(StringComparer.Ordinal);

    public bool Accepted => Outcome is SubmissionOutcome.Stored or SubmissionOutcome.Replayed;

    public bool NotStored => Outcome == SubmissionOutcome.NotStored;

    /// <summary>A replay is of the same words (the same hash), so <paramref name="advice"/> of the
    /// enquiry sent now is the advice of the one stored.</summary>
    internal static EnquirySubmission From(StoreOutcome stored, CareCardLevel? advice) => new(
        stored.Result switch
        {
            StoreResult.Stored => SubmissionOutcome.Stored,
            StoreResult.Replayed => SubmissionOutcome.Replayed,
            _ => SubmissionOutcome.KeyReused,
        },
        stored.Result == StoreResult.KeyReused ? null : stored.Id,
        stored.Result == StoreResult.KeyReused ? null : advice,
        NoErrors);
}

/// <summary>
/// What the form, the API and the clinician's dashboard call: validate, store both emails
/// in the outbox, wake the sender. Nothing here waits on the mail server.
/// </summary>
public sealed class EnquiryService
{
    private readonly EnquiryStore _store;
    private readonly OutboxSignal _signal;
    private readonly ContentStore _content;
    private readonly IOptions<MailOptions> _mail;
    private readonly TimeProvider _time;
    private readonly ILogger<EnquiryService> _logger;

    internal EnquiryService(EnquiryStore store, OutboxSignal signal, ContentStore content, IOptions<MailOptions> mail, TimeProvider time, ILogger<EnquiryService> logger)
    {
        _store = store;
        _signal = signal;
        _content = content;
        _mail = mail;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Validates the request and, when it is valid, stores it before returning. With a
    /// <paramref name="submissionKey"/> (the form's one-time id, or the API's <c>Idempotency-Key</c>),
    /// the same submission sent again within the retention period is a replay: the first enquiry's
    /// id comes back, and nothing is stored or sent twice.
    /// </summary>
    public async Task<EnquirySubmission> SubmitAsync(EnquiryRequest request, EnquiryChannel channel, string? submissionKey, CancellationToken cancellationToken)
    {
        var clinic = _content.Current.Clinic;
        var validation = EnquiryValidator.Validate(request, clinic);
        if (validation.Enquiry is not { } enquiry)
        {
            _logger.LogInformation("Enquiry refused from {Channel}: invalid {Fields}", channel, validation.Errors.Keys);
            return new EnquirySubmission(SubmissionOutcome.Invalid, null, null, validation.Errors);
        }

        var received = _time.GetUtcNow();
        var id = Guid.CreateVersion7(received).ToString("D");
        var (from, inbox) = Addresses(clinic);
        var hash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(enquiry)));
        // A visitor who goes back from the thank-you page, changes the message and sends it again
        // has written a new enquiry, so the form's id counts only together with the words.
        var key = submissionKey is null ? null
            : channel == EnquiryChannel.Form ? $"form:{submissionKey}:{hash}"
            : $"api:{submissionKey}";

        async Task<StoredEmail> BuildAsync(MessageKind kind, AcknowledgementDecision decision)
        {
            using var mime = EnquiryMessages.Build(kind, id, enquiry, received, clinic, from, inbox, decision);
            using var buffer = new MemoryStream();
            await mime.WriteToAsync(FormatOptions.Default, buffer, cancellationToken);
            return new StoredEmail(mime.MessageId!, buffer.ToArray());
        }

        // Whether the acknowledgement may go is decided under the store's write lock (the caps
        // count the outbox), so the clinic's email is ready for each answer.
        var notifications = new Dictionary<AcknowledgementDecision, StoredEmail>();
        foreach (var decision in Enum.GetValues<AcknowledgementDecision>())
        {
            notifications[decision] = await BuildAsync(MessageKind.Notification, decision);
        }

        var acknowledgement = await BuildAsync(MessageKind.Acknowledgement, AcknowledgementDecision.Queued);

        // Not cancellable: once the visitor has pressed send, we keep what they sent.
        StoreOutcome stored;
        try
        {
            if (_store.Problem is not null)
            {
                _logger.LogWarning("Enquiry {EnquiryId} from {Channel} not stored: enquiries are paused ({Problem})", id, channel, _store.Problem.Describe());
                return new EnquirySubmission(SubmissionOutcome.NotStored, null, enquiry.Advice, validation.Errors);
            }

            stored = await _store.InsertAsync(new NewEnquiry(id, enquiry, received, key, hash, acknowledgement, notifications));
        }
        catch (Exception ex) when (DataStores.IsStorageFailure(ex))
        {
            // Only the reason (SQLite's text for its code, or an I/O message naming a path): the
            // exception's own text could quote what the visitor typed.
            _logger.LogError("Enquiry {EnquiryId} from {Channel} could not be stored in {Folder}: {Reason}; the visitor was asked to phone or try again",
                id, channel, _store.Folder, DataStores.Reason(ex));
            return new EnquirySubmission(SubmissionOutcome.NotStored, null, enquiry.Advice, validation.Errors);
        }

        switch (stored.Result)
        {
            case StoreResult.Stored:
                _signal.Wake();
                _logger.LogInformation("Enquiry {EnquiryId} stored from {Channel} (urgent: {Urgent}, acknowledgement: {Acknowledgement})",
                    id, channel, enquiry.IsUrgent, stored.Acknowledgement);
                break;
            case StoreResult.Replayed:
                _logger.LogInformation("Enquiry {EnquiryId} sent again from {Channel}: replayed, nothing new stored", stored.Id, channel);
                break;
            default:
                _logger.LogInformation("Enquiry refused from {Channel}: its Idempotency-Key belongs to enquiry {EnquiryId} with a different body", channel, stored.Id);
                break;
        }

        return EnquirySubmission.From(stored, enquiry.Advice);
    }

    /// <summary>True when the store could not be opened at start-up: the form shows the phone number instead.</summary>
    public bool Paused => _store.Problem is not null;

    /// <summary>Emails that could not be delivered (5xx, or temporary failures for too long), newest first.</summary>
    public IReadOnlyList<FailedEmail> ListFailed() => Paused ? [] : _store.ListFailed();

    /// <summary>Queues a failed email again, due now. False when no failed email has that id.</summary>
    public async Task<bool> RetryAsync(long id, CancellationToken cancellationToken = default)
    {
        var queued = await _store.RetryAsync(id, _time.GetUtcNow(), cancellationToken);
        if (queued)
        {
            _logger.LogInformation("Outbox email {OutboxId} queued again by the clinician", id);
            _signal.Wake();
        }

        return queued;
    }

    /// <summary>Delivery status of an enquiry's two emails (no personal data), or null when unknown.</summary>
    public EnquiryStatus? GetStatus(string id) => Paused ? null : _store.Status(id);

    internal (MailboxAddress From, MailboxAddress Inbox) Addresses(ClinicProfile clinic)
    {
        var options = _mail.Value;
        var from = string.IsNullOrWhiteSpace(options.From)
            ? new MailboxAddress(clinic.Name + " website", EnquiryMessages.FallbackFrom)
            : MailboxAddress.Parse(options.From);
        var inbox = !string.IsNullOrWhiteSpace(options.ClinicInbox) ? MailboxAddress.Parse(options.ClinicInbox)
            : !string.IsNullOrWhiteSpace(clinic.Email) && MailboxAddress.TryParse(clinic.Email, out var profile) ? profile
            : MailboxAddress.Parse(EnquiryMessages.FallbackInbox);
        return (from, inbox);
    }
}
