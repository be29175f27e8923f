using System.Globalization;
using System.Text;
using FacetEducation.Web.Content;
using MimeKit;

namespace FacetEducation.Web.Enquiries;

/// <summary>The two emails of an enquiry: the clinic's notification and the visitor's acknowledgement.</summary>
public enum MessageKind
{
    /// <summary>To the clinic inbox, <c>Reply-To</c> the visitor; marked urgent when a red flag was ticked.</summary>
    Notification,

    /// <summary>To the visitor: what happens next, when to expect a reply, not for emergencies.</summary>
    Acknowledgement,
}

/// <summary>
/// Builds the emails as plain text, so that anything a visitor typed (HTML, script) is only ever
/// text. MimeKit encodes non-ASCII names and bodies (UTF-8), so every script arrives intact.
/// The <c>Message-Id</c> is derived from the enquiry id and kind, so a resend is recognisable.
/// </summary>
public static class EnquiryMessages
{
    public const string FallbackFrom = "website@localhost";
    public const string FallbackInbox = "clinic@localhost";

    public static string MessageId(string enquiryId, MessageKind kind, string domain) =>
        $"enquiry-{enquiryId}-{(kind == MessageKind.Notification ? "clinic" : "visitor")}@{domain}";

    public static MimeMessage Build(MessageKind kind, string enquiryId, Enquiry enquiry, DateTimeOffset received,
        ClinicProfile clinic, MailboxAddress from, MailboxAddress clinicInbox)
    {
        var visitor = new MailboxAddress(enquiry.Name, enquiry.Email);
        var message = new MimeMessage { Date = received };
        message.From.Add(from);
        var domain = from.Domain is { Length: > 0 } d ? d : "localhost";
        message.MessageId = MessageId(enquiryId, kind, domain);
        message.Headers.Add("X-Enquiry-Id", enquiryId);

        string body;
        if (kind == MessageKind.Notification)
        {
            message.To.Add(clinicInbox);
            message.ReplyTo.Add(visitor);
            var subject = $"{TypeLabel(enquiry)} from {enquiry.Name}";
            if (enquiry.IsUrgent)
            {
                subject = "[URGENT] " + subject;
                message.Priority = MessagePriority.Urgent;
                message.XPriority = XMessagePriority.Highest;
                message.Importance = MessageImportance.High;
            }

            message.Subject = subject;
            body = NotificationBody(enquiryId, enquiry, received, clinic);
        }
        else
        {
            message.To.Add(visitor);
            message.ReplyTo.Add(clinicInbox);
            message.Subject = $"We have received your enquiry - {clinic.Name}";
            body = AcknowledgementBody(enquiry, clinic);
        }

        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    public static IEnumerable<string> UrgentAdvice(ClinicProfile clinic)
    {
        yield return "URGENT: please do not wait for our reply.";
        yield return "You told us about a symptom that can be a sign of a serious problem that needs to be checked straight away.";
        yield return "Call 999 or go to A&E now if you have loss of bladder or bowel control, numbness around your saddle area, or weakness in your legs or arms that is new or getting worse, or if you are badly hurt after a fall or accident.";
        yield return "Otherwise, call NHS 111 or go to 111.nhs.uk today for advice.";
        yield return $"{clinic.Name} cannot give emergency care by email.";
    }

    private static string TypeLabel(Enquiry enquiry) => EnquiryChoices.LabelOf(EnquiryChoices.EnquiryTypes, enquiry.EnquiryType);

    private static string NotificationBody(string enquiryId, Enquiry enquiry, DateTimeOffset received, ClinicProfile clinic)
    {
        var text = new StringBuilder();
        if (enquiry.IsUrgent)
        {
            text.AppendLine("URGENT: the visitor ticked red-flag symptoms:");
            foreach (var flag in enquiry.RedFlags)
            {
                text.Append("  - ").AppendLine(EnquiryChoices.LabelOf(EnquiryChoices.RedFlags, flag));
            }

            text.AppendLine("They were shown advice to call 999 or go to A&E, or NHS 111 otherwise.");
            text.AppendLine();
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"{TypeLabel(enquiry)} received through the {clinic.Name} website.");
        text.AppendLine("Reply to this email to answer the visitor.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Name: {enquiry.Name}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Email: {enquiry.Email}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Phone: {enquiry.Phone ?? "not given"}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Preferred contact: {EnquiryChoices.LabelOf(EnquiryChoices.ContactMethods, enquiry.PreferredContact)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Enquiry: {TypeLabel(enquiry)}");
        if (enquiry.SessionType is { } session)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Session: {EnquiryChoices.LabelOf(EnquiryChoices.SessionTypes, session)}");
            text.AppendLine(CultureInfo.InvariantCulture, $"Preferred times: {(enquiry.PreferredTimes.Count == 0 ? "any time" : string.Join(", ", enquiry.PreferredTimes))}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Received: {received.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine(CultureInfo.InvariantCulture, $"Enquiry id: {enquiryId}");
        text.AppendLine();
        text.AppendLine("Message:");
        text.AppendLine(enquiry.Message);
        return text.ToString();
    }

    /// <summary>
    /// The acknowledgement does not repeat the visitor's message: if they mistyped their address,
    /// a stranger would receive their health information.
    /// </summary>
    private static string AcknowledgementBody(Enquiry enquiry, ClinicProfile clinic)
    {
        var text = new StringBuilder();
        if (enquiry.IsUrgent)
        {
            foreach (var line in UrgentAdvice(clinic))
            {
                text.AppendLine(line);
            }

            text.AppendLine();
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Dear {enquiry.Name},");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Thank you for your {TypeLabel(enquiry).ToLowerInvariant()}. It has reached {clinic.Name}.");
        text.AppendLine(clinic.ReplyTime ?? "We will reply as soon as we can.");
        var how = enquiry.PreferredContact == EnquiryChoices.Phone ? "by phone, as you asked" : "by email";
        text.AppendLine(CultureInfo.InvariantCulture, $"We will contact you {how}.");
        text.AppendLine();
        text.AppendLine("This inbox is not for emergencies. If you need help urgently, call NHS 111, or 999 in an emergency.");
        if (clinic.Phone is { } phone)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"To add something or change your request, reply to this email or call us on {phone}.");
        }
        else
        {
            text.AppendLine("To add something or change your request, reply to this email.");
        }

        text.AppendLine();
        text.AppendLine(clinic.Name);
        return text.ToString();
    }
}
