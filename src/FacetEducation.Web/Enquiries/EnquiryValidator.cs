using System.Globalization;
using FacetEducation.Web.Content;

namespace FacetEducation.Web.Enquiries;

/// <summary>
/// The one set of rules for the form and the API. Errors are keyed by the JSON field name
/// (<c>name</c>, <c>email</c>, ...) and say what to do, in plain English. Opening hours are read
/// from the clinic profile passed in, so a change to <c>clinic.yml</c> applies to the next request.
/// </summary>
public static class EnquiryValidator
{
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = EmailAddresses.MaxLength;
    public const int PhoneMaxLength = PhoneNumbers.MaxLength;
    public const int MessageMaxLength = 4000;
    private const int MaxListItems = 40;

    public static EnquiryValidation Validate(EnquiryRequest request, ClinicProfile clinic)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        var name = SingleLine(request.Name, "name", "Your name", Add);
        if (name is not null)
        {
            if (name.Length == 0)
            {
                Add("name", "Enter your name.");
            }
            else if (name.Length > NameMaxLength)
            {
                Add("name", $"Your name must be {NameMaxLength} characters or fewer.");
            }
        }

        var email = SingleLine(request.Email, "email", "Your email address", Add);
        if (email is not null)
        {
            if (email.Length == 0)
            {
                Add("email", "Enter your email address, so that we can reply.");
            }
            else
            {
                switch (EmailAddresses.Check(email))
                {
                    case EmailProblem.Format:
                        Add("email", "Enter an email address in the correct format, like name@example.com.");
                        break;
                    case EmailProblem.LocalPartTooLong:
                        Add("email", $"The part of your email address before the @ must be {EmailAddresses.LocalPartMaxLength} characters or fewer. Check it is typed correctly.");
                        break;
                    case EmailProblem.IpLiteral:
                        Add("email", "Enter an email address that ends in a domain name, like name@example.com. Addresses that end in a number, like name@[127.0.0.1], cannot be used.");
                        break;
                }
            }
        }

        var phone = SingleLine(request.Phone, "phone", "Your phone number", Add);
        if (phone is { Length: > 0 } && !PhoneNumbers.IsPhoneNumber(phone))
        {
            Add("phone", "Enter a phone number, like 01632 960123 or +44 1632 960123.");
        }

        var contact = Pick(request.PreferredContact, EnquiryChoices.ContactMethods, "preferredContact",
            "Choose how you would like us to contact you: email or phone.", Add);
        if (contact == EnquiryChoices.Phone && phone is { Length: 0 })
        {
            Add("phone", "Enter a phone number, or choose email as the way to contact you.");
        }

        var type = Pick(request.EnquiryType, EnquiryChoices.EnquiryTypes, "enquiryType",
            "Choose what your enquiry is about: a booking request, a question or a second opinion.", Add);

        string? session = null;
        List<string> times = [];
        if (type == EnquiryChoices.Booking)
        {
            session = Pick(request.SessionType, EnquiryChoices.SessionTypes, "sessionType",
                "Choose the kind of session you would like: in clinic, online or aquatic.", Add);
            times = PreferredTimes(request.PreferredTimes, clinic, Add);
        }

        var message = (request.Message ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        if (message.Length == 0)
        {
            Add("message", "Enter your message: tell us briefly what you would like help with.");
        }
        else if (message.Length > MessageMaxLength)
        {
            Add("message", $"Your message must be {MessageMaxLength:N0} characters or fewer; it is {message.Length:N0}. Shorten it, or tell us the rest when we reply.");
        }
        else if (message.Any(c => char.IsControl(c) && c is not '\n' and not '\t'))
        {
            Add("message", "Your message contains characters that cannot be sent; remove them and try again.");
        }

        if (!request.Consent)
        {
            Add("consent", "Tick the box to agree that we may use the health information you send us, so that we can reply.");
        }

        var flags = RedFlags(request.RedFlags, Add);

        if (errors.Count > 0)
        {
            return new EnquiryValidation(null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }

        return new EnquiryValidation(
            new Enquiry(name!, email!, phone is { Length: > 0 } ? phone : null, contact!, type!, session, times, message, flags),
            new Dictionary<string, string[]>(StringComparer.Ordinal));
    }

    /// <summary>The start times offered for one opening slot: on the hour, each leaving a full session before closing.</summary>
    public static IEnumerable<TimeOnly> SessionStarts(OpeningSlot slot)
    {
        for (var start = slot.Opens; start.ToTimeSpan() + EnquiryChoices.SessionLength <= slot.Closes.ToTimeSpan(); start = start.AddHours(1))
        {
            yield return start;
            if (start.AddHours(1) < start)
            {
                yield break;
            }
        }
    }

    public static string FormatTime(DayOfWeek day, TimeOnly start) =>
        string.Create(CultureInfo.InvariantCulture, $"{day} {start:HH\\:mm}");

    /// <summary>Trims a one-line field; a line break or control character is an error (it could forge a mail header).</summary>
    private static string? SingleLine(string? value, string field, string what, Action<string, string> add)
    {
        var trimmed = (value ?? string.Empty).Trim();
        if (trimmed.Any(IsLineBreakOrControl))
        {
            add(field, $"{what} must be on one line: remove any line breaks.");
            return null;
        }

        return trimmed;
    }

    private static bool IsLineBreakOrControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    private static string? Pick(string? value, IReadOnlyList<Choice> choices, string field, string message, Action<string, string> add)
    {
        var trimmed = value?.Trim();
        var match = choices.FirstOrDefault(c => string.Equals(c.Value, trimmed, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            add(field, message);
        }

        return match?.Value;
    }

    private static List<string> PreferredTimes(List<string>? values, ClinicProfile clinic, Action<string, string> add)
    {
        List<string> times = [];
        if (values is null)
        {
            return times;
        }

        if (values.Count > MaxListItems)
        {
            add("preferredTimes", $"Choose at most {MaxListItems} preferred times.");
            return times;
        }

        foreach (var raw in values)
        {
            var value = (raw ?? string.Empty).Trim();
            if (value.Any(IsLineBreakOrControl))
            {
                add("preferredTimes", "Each preferred time must be on one line, like Wednesday 09:00.");
                continue;
            }

            var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2
                || !Enum.TryParse<DayOfWeek>(parts[0], ignoreCase: true, out var day)
                || !Enum.IsDefined(day)
                || int.TryParse(parts[0], out _)
                || !TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            {
                add("preferredTimes", $"'{Shorten(value)}' is not a day and time; give preferred times like Wednesday 09:00.");
                continue;
            }

            var slot = clinic.OpeningHours.FirstOrDefault(s => s.Day == day);
            if (slot is null || start < slot.Opens || start.ToTimeSpan() + EnquiryChoices.SessionLength > slot.Closes.ToTimeSpan())
            {
                var hours = slot is null ? $"the clinic is closed on {day}s" : $"on {day}s a session can start between {slot.Opens:HH\\:mm} and {slot.Closes.Add(-EnquiryChoices.SessionLength):HH\\:mm}";
                add("preferredTimes", $"{FormatTime(day, start)} is outside the clinic's opening hours ({hours}). Choose a time within the opening hours, or say in your message what suits you.");
                continue;
            }

            var normal = FormatTime(day, start);
            if (!times.Contains(normal, StringComparer.Ordinal))
            {
                times.Add(normal);
            }
        }

        return times;
    }

    private static List<string> RedFlags(List<string>? values, Action<string, string> add)
    {
        List<string> flags = [];
        foreach (var raw in values ?? [])
        {
            var value = (raw ?? string.Empty).Trim();
            var match = EnquiryChoices.RedFlags.FirstOrDefault(c => string.Equals(c.Value, value, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                add("redFlags", $"'{Shorten(value)}' is not one of the symptoms listed; use {string.Join(", ", EnquiryChoices.RedFlags.Select(c => c.Value))}.");
            }
            else if (!flags.Contains(match.Value, StringComparer.Ordinal))
            {
                flags.Add(match.Value);
            }
        }

        return flags;
    }

    private static string Shorten(string value)
    {
        var clean = new string([.. value.Where(c => !IsLineBreakOrControl(c))]);
        return clean.Length <= 40 ? clean : clean[..40] + "…";
    }
}

/// <summary>The outcome of validation: an enquiry, or errors keyed by field.</summary>
public sealed record EnquiryValidation(Enquiry? Enquiry, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Enquiry is not null;
}
