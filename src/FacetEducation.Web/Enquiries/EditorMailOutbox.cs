using System.Security.Cryptography;
using System.Text;
using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using MimeKit;

namespace FacetEducation.Web.Enquiries;

/// <summary>
/// The editor's emails to clinicians (sign-off requests, review reminders, password links) through the enquiries'
/// outbox and sender: the same durable queue, retries, pickup folder and dashboard retry. Each is
/// stored as its finished MIME message with a <c>Message-Id</c> made from its key, so a resend is
/// recognisable; it belongs to no enquiry, so the enquiry retention leaves it alone.
/// </summary>
internal sealed class EditorMailOutbox(EnquiryStore store, OutboxSignal signal, EnquiryService enquiries, ContentStore content, TimeProvider time) : IEditorMail
{
    public bool Available => store.Problem is null;

    public async Task<bool> QueueAsync(EditorEmail email, CancellationToken cancellationToken = default)
    {
        var (from, _) = enquiries.Addresses(content.Current.Clinic);
        var now = time.GetUtcNow();
        var kind = email.Kind switch
        {
            EditorEmailKind.SignOffRequest => MessageKind.SignOffRequest,
            EditorEmailKind.ReviewReminder => MessageKind.ReviewReminder,
            _ => MessageKind.PasswordReset,
        };
        using var message = new MimeMessage { Date = now, Subject = EnquiryMessages.HeaderText(email.Subject) };
        message.From.Add(from);
        message.To.Add(new MailboxAddress(EnquiryMessages.HeaderText(email.ToName), EmailAddresses.ToAscii(email.ToAddress)));
        var domain = from.Domain is { Length: > 0 } d ? d : "localhost";
        message.MessageId = $"editor-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Key)))[..32]}@{domain}";
        message.Headers.Add("X-Editor-Mail", kind.ToString());
        message.Body = new TextPart("plain") { Text = email.Body };
        using var buffer = new MemoryStream();
        await message.WriteToAsync(FormatOptions.Default, buffer, cancellationToken);

        var queued = await store.InsertEditorMailAsync(email.Key, kind, new StoredEmail(message.MessageId, buffer.ToArray()), email.About, now, cancellationToken);
        if (queued)
        {
            signal.Wake();
        }

        return queued;
    }
}
