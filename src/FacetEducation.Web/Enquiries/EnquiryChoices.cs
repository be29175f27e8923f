namespace FacetEducation.Web.Enquiries;

/// <summary>A value the visitor picks, as sent in the form and the JSON body, with the words shown for it.</summary>
public sealed record Choice(string Value, string Label);

/// <summary>
/// The fixed lists offered on the form and accepted by the API. Values are lower-case, hyphenated
/// and stable (they are part of the JSON API); labels are what people read.
/// </summary>
public static class EnquiryChoices
{
    public const string Booking = "booking";
    public const string Phone = "phone";

    /// <summary>A booked session lasts this long, so a preferred start must leave this much time before closing.</summary>
    public static readonly TimeSpan SessionLength = TimeSpan.FromMinutes(60);

    public static IReadOnlyList<Choice> ContactMethods { get; } =
    [
        new("email", "Email"),
        new(Phone, "Phone"),
    ];

    public static IReadOnlyList<Choice> EnquiryTypes { get; } =
    [
        new(Booking, "Booking request"),
        new("question", "Question"),
        new("second-opinion", "Second opinion"),
    ];

    public static IReadOnlyList<Choice> SessionTypes { get; } =
    [
        new("in-clinic", "In clinic (60 minutes)"),
        new("online", "Online"),
        new("aquatic", "Aquatic (pool)"),
    ];

    /// <summary>Symptoms that need urgent care rather than an email reply. No diagnosis is attempted.</summary>
    public static IReadOnlyList<Choice> RedFlags { get; } =
    [
        new("bladder-bowel", "Loss of bladder or bowel control"),
        new("saddle-numbness", "Numbness around the saddle area (between your legs or around your bottom)"),
        new("limb-weakness", "New or worsening weakness in your legs or arms"),
        new("fall-or-accident", "Pain after a significant fall or accident"),
    ];

    public static string LabelOf(IReadOnlyList<Choice> choices, string value) =>
        choices.FirstOrDefault(c => c.Value == value)?.Label ?? value;
}
