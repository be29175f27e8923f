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

    /// <summary>The editor's, to a reviewer: a version waits for their sign-off.</summary>
    SignOffRequest,

    /// <summary>The editor's, to a reviewer: a review is due in 60 or 14 days, or overdue.</summary>
    ReviewReminder,

    /// <summary>The editor's, to a clinician: a link to choose a new password, sent by a reviewer.</summary>
    PasswordReset,
}

/// <summary>Whether the visitor's acknowledgement was queued, or which cap held it back (the clinic's email says so).</summary>
public enum AcknowledgementDecision
{
    Queued,

    /// <summary><c>Enquiries:AcknowledgementsPerAddressPerDay</c> reached for this address.</summary>
    AddressLimit,

    /// <summary><c>Enquiries:AcknowledgementsPerHour</c> reached for the whole site.</summary>
    HourlyLimit,
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

    /// <summary>The longest first name an acknowledgement greets: enough for a name, too short for an advert.</summary>
    public const int FirstNameMaxLength = 20;

    public static MimeMessage Build(MessageKind kind, string enquiryId, Enquiry enquiry, DateTimeOffset received,
        ClinicProfile clinic, MailboxAddress from, MailboxAddress clinicInbox,
        AcknowledgementDecision acknowledgement = AcknowledgementDecision.Queued)
    {
        var address = EmailAddresses.ToAscii(enquiry.Email);
        var message = new MimeMessage { Date = received };
        message.From.Add(from);
        var domain = from.Domain is { Length: > 0 } d ? d : "localhost";
        message.MessageId = MessageId(enquiryId, kind, domain);
        message.Headers.Add("X-Enquiry-Id", enquiryId);

        string body;
        if (kind == MessageKind.Notification)
        {
            message.To.Add(clinicInbox);
            message.ReplyTo.Add(new MailboxAddress(HeaderText(enquiry.Name), address));
            var subject = HeaderText($"{TypeLabel(enquiry)} from {enquiry.Name}");
            if (enquiry.IsUrgent)
            {
                subject = "[URGENT] " + subject;
                message.Priority = MessagePriority.Urgent;
                message.XPriority = XMessagePriority.Highest;
                message.Importance = MessageImportance.High;
            }

            message.Subject = subject;
            body = NotificationBody(enquiryId, enquiry, received, clinic, acknowledgement);
        }
        else
        {
            // A stranger can put any address here, so nothing they typed goes out but a short first name.
            var firstName = SafeFirstName(enquiry.Name);
            message.To.Add(new MailboxAddress(firstName ?? string.Empty, address));
            message.ReplyTo.Add(clinicInbox);
            message.Subject = $"We have received your enquiry - {clinic.Name}";
            body = AcknowledgementBody(firstName, clinic);
        }

        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    /// <summary>
    /// Text for a header (a subject or a display name): line breaks and other control characters
    /// become spaces (the validator refuses them already) and bidirectional controls are dropped,
    /// so a name cannot reverse what the clinic reads in its inbox list ("...exe.pdf").
    /// </summary>
    public static string HeaderText(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (IsBidiControl(c))
            {
                continue;
            }

            text.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c);
        }

        return text.ToString().Trim();
    }

    /// <summary>U+202A-U+202E (embeddings, overrides), U+2066-U+2069 (isolates), U+200E/U+200F and U+061C (marks).</summary>
    public static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';

    /// <summary>
    /// The one piece of the visitor's text an acknowledgement carries: the first word of the name,
    /// letters (and marks, apostrophes and hyphens) only, at most <see cref="FirstNameMaxLength"/>
    /// characters. A first word that looks like a link or an address (a dot, slash, colon, @ or a
    /// digit in it) is dropped whole, and so the greeting is then a plain "Hello".
    /// </summary>
    public static string? SafeFirstName(string name)
    {
        // Compatibility forms first, so a full-width "．" or "：" is caught as the dot or colon it shows as.
        var first = HeaderText(name).Normalize(NormalizationForm.FormKC).Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (first is null || first.Any(c => c is '.' or '/' or '\\' or ':' or '@' || char.IsDigit(c)))
        {
            return null;
        }

        var letters = new string([.. first.Where(c => char.IsLetter(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark || c is '\'' or '’' or '-')]);
        if (letters.Length > FirstNameMaxLength)
        {
            letters = letters[..FirstNameMaxLength];
            if (char.IsHighSurrogate(letters[^1]))
            {
                letters = letters[..^1];
            }
        }

        return letters.Any(char.IsLetter) ? letters : null;
    }

    private static string TypeLabel(Enquiry enquiry) => EnquiryChoices.LabelOf(EnquiryChoices.EnquiryTypes, enquiry.EnquiryType);

    private static string NotificationBody(string enquiryId, Enquiry enquiry, DateTimeOffset received, ClinicProfile clinic, AcknowledgementDecision acknowledgement)
    {
        var text = new StringBuilder();
        if (acknowledgement != AcknowledgementDecision.Queued)
        {
            var why = acknowledgement == AcknowledgementDecision.AddressLimit
                ? "this address has had as many acknowledgements today as the site sends to one address"
                : "the website has sent as many acknowledgements this hour as it allows";
            text.AppendLine(CultureInfo.InvariantCulture, $"NOTE: no acknowledgement email went to the visitor: {why}.");
            text.AppendLine("They saw the website's thank-you page; reply to them directly.");
            text.AppendLine();
        }

        if (enquiry.IsUrgent)
        {
            text.AppendLine("URGENT: the visitor ticked red-flag symptoms:");
            foreach (var group in enquiry.RedFlags.GroupBy(EnquiryChoices.GroupOf).OrderByDescending(g => g.Key.Level))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{group.Key.Advice}:");
                foreach (var flag in group)
                {
                    text.Append("  - ").AppendLine(EnquiryChoices.LabelOf(EnquiryChoices.RedFlags, flag));
                }
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"They were shown the advice: {EnquiryChoices.RedFlagGroups.First(g => g.Level == enquiry.Advice).Advice}.");
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
    /// The same words for every visitor: it repeats nothing of the enquiry (not the message, the
    /// kind of enquiry, the red flags nor the way to reply), because whoever typed the address may
    /// not own it. A mistyped address must not receive someone's health information, and a stranger
    /// must not be able to send the clinic's words about their symptoms to anyone they like. The
    /// visitor who ticked a red flag was shown the advice on the thank-you page already; the signs
    /// that mean 999 and those that mean 111 are listed here for everyone, whatever was ticked.
    /// </summary>
    private static string AcknowledgementBody(string? firstName, ClinicProfile clinic)
    {
        var text = new StringBuilder();
        text.AppendLine(firstName is null ? "Hello," : $"Dear {firstName},");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Thank you for your enquiry. It has reached {clinic.Name}.");
        text.AppendLine(clinic.ReplyTime ?? "We will reply as soon as we can.");
        text.AppendLine("We will contact you in the way you asked.");
        text.AppendLine();
        text.AppendLine("This inbox is not for emergencies, so please do not wait for our reply if you need help:");
        foreach (var group in EnquiryChoices.RedFlagGroups)
        {
            text.AppendLine();
            text.AppendLine(group.Heading);
            foreach (var sign in group.Signs)
            {
                text.Append("  - ").AppendLine(sign.Label);
            }
        }

        text.AppendLine();
        if (clinic.Phone is { } phone)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"To add something or change your request, reply to this email or call us on {phone}.");
        }
        else
        {
            text.AppendLine("To add something or change your request, reply to this email.");
        }

        text.AppendLine();
        text.AppendLine("If you did not contact us, you can ignore this email.");
        text.AppendLine();
        text.AppendLine(clinic.Name);
        return text.ToString();
    }
}
