using FacetEducation.Web.Content;
using FacetEducation.Web.Site;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FacetEducation.Web.Enquiries;

/// <summary>The outcome of a submission: stored (with its id), or the errors to show, or
/// <see cref="NotStored"/>: valid, but the data folder could not keep it (full, read-only, damaged,
/// or enquiries paused at start-up), so the visitor is asked to phone or try again later.</summary>
public sealed record EnquirySubmission(string? Id, bool Urgent, IReadOnlyDictionary<string, string[]> Errors, bool NotStored = false)
{
    public bool Accepted => Id is not null;
}

/// <summary>
/// What the form, the API and the clinician's dashboard call: validate, store both emails
/// in the outbox, wake the sender. Nothing here waits on the mail server.
/// </summary>
public sealed class EnquiryService
{
    private static readonly MessageKind[] Kinds = [MessageKind.Notification, MessageKind.Acknowledgement];

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

    /// <summary>Validates the request and, when it is valid, stores it before returning.</summary>
    public async Task<EnquirySubmission> SubmitAsync(EnquiryRequest request, string channel, CancellationToken cancellationToken)
    {
        var clinic = _content.Current.Clinic;
        var validation = EnquiryValidator.Validate(request, clinic);
        if (validation.Enquiry is not { } enquiry)
        {
            _logger.LogInformation("Enquiry refused from {Channel}: invalid {Fields}", channel, validation.Errors.Keys);
            return new EnquirySubmission(null, false, validation.Errors);
        }

        var received = _time.GetUtcNow();
        var id = Guid.CreateVersion7(received).ToString("D");
        var (from, inbox) = Addresses(clinic);
        var messages = new List<(MessageKind, string, byte[])>(2);
        foreach (var kind in Kinds)
        {
            using var mime = EnquiryMessages.Build(kind, id, enquiry, received, clinic, from, inbox);
            using var buffer = new MemoryStream();
            await mime.WriteToAsync(FormatOptions.Default, buffer, cancellationToken);
            messages.Add((kind, mime.MessageId!, buffer.ToArray()));
        }

        // Not cancellable: once the visitor has pressed send, we keep what they sent.
        try
        {
            if (_store.Problem is not null)
            {
                _logger.LogWarning("Enquiry {EnquiryId} from {Channel} not stored: enquiries are paused ({Problem})", id, channel, _store.Problem.Describe());
                return new EnquirySubmission(null, enquiry.IsUrgent, validation.Errors, NotStored: true);
            }

            await _store.InsertAsync(id, enquiry, received, messages);
        }
        catch (Exception ex) when (DataStores.IsStorageFailure(ex))
        {
            // Only the reason (SQLite's text for its code, or an I/O message naming a path): the
            // exception's own text could quote what the visitor typed.
            _logger.LogError("Enquiry {EnquiryId} from {Channel} could not be stored in {Folder}: {Reason}; the visitor was asked to phone or try again",
                id, channel, _store.Folder, DataStores.Reason(ex));
            return new EnquirySubmission(null, enquiry.IsUrgent, validation.Errors, NotStored: true);
        }

        _signal.Wake();
        _logger.LogInformation("Enquiry {EnquiryId} stored from {Channel} (urgent: {Urgent})", id, channel, enquiry.IsUrgent);
        return new EnquirySubmission(id, enquiry.IsUrgent, validation.Errors);
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
