using FacetEducation.Web.Content.Markdown;

namespace FacetEducation.Web.Enquiries;

/// <summary>A value the visitor picks, as sent in the form and the JSON body, with the words shown for it.</summary>
public sealed record Choice(string Value, string Label);

/// <summary>Red-flag signs of one NHS care level: <paramref name="Advice"/> says what to do
/// ("Call 999 or go to A&amp;E now") and <paramref name="When"/> leads into the list of signs.</summary>
public sealed record RedFlagGroup(CareCardLevel Level, string Advice, string When, IReadOnlyList<Choice> Signs)
{
    /// <summary>The advice and the lead-in as one sentence: "Call 999 or go to A&amp;E now if you have ...:".</summary>
    public string Heading => $"{Advice} {When}";
}

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

    /// <summary>
    /// Signs that need medical help rather than an email reply, in the two NHS levels of the
    /// articles' immediate and urgent care cards, with the same split: 999 or A&amp;E now, then 111
    /// or a GP today. The contact form, the thank-you page and both emails take their words from here. No
    /// diagnosis is attempted. Values are stored with each enquiry, so a value is never renamed or
    /// reused: the first four are the ones the form offered before the split.
    /// </summary>
    public static IReadOnlyList<RedFlagGroup> RedFlagGroups { get; } =
    [
        new(CareCardLevel.Immediate, "Call 999 or go to A&E now", "if you have back or neck pain and any of these:",
        [
            new("saddle-numbness", "Numbness or tingling around your genitals, bottom or inner thighs (where you would sit on a saddle)"),
            new("bladder-bowel", "You cannot control when you pee or poo, you leak, or you do not know when you need to poo"),
            new("peeing-problems", "You cannot pee, it is hard to start peeing, or it feels different when you pee"),
            new("limb-weakness", "Numbness, weakness or pins and needles in both legs, or weakness in a leg or arm that is getting worse"),
            new("sexual-function", "A change in getting or keeping an erection, or less feeling in your genitals during sex"),
            new("chest-pain", "Chest pain, or you are short of breath, with pain in your upper back"),
            new("fall-or-accident", "The pain started after a serious fall, a car crash or another major injury"),
            new("neck-fever-or-rash", "A stiff neck with a high temperature, or with a rash that does not fade when a glass is pressed on it"),
            new("stroke-signs", "Sudden dizziness, double vision, trouble speaking or swallowing, or a face that droops"),
        ]),
        new(CareCardLevel.Urgent, "Call 111 or get an urgent GP appointment today", "if you have any of these:",
        [
            new("cancer-history", "You have had cancer before and now have new back or neck pain"),
            new("high-temperature", "A high temperature, or you feel hot and shivery, with back pain"),
            new("weight-loss", "You have lost weight without trying"),
            new("night-pain", "Pain at night that does not ease when you rest or change position"),
            new("lump-or-shape", "A lump or swelling on your back, or your back has changed shape"),
            new("clumsy-hands", "Your hands feel clumsy (for example doing up buttons), or your walking is unsteady"),
            new("spreading-numbness", "Pain below the knee or down an arm, with numbness, pins and needles or weakness in that leg or arm"),
            new("severe-pain", "Pain that is very bad, or getting worse even with rest and pain relief"),
        ]),
    ];

    /// <summary>Every red-flag sign, 999 signs first: the values the form and the API accept.</summary>
    public static IReadOnlyList<Choice> RedFlags { get; } = [.. RedFlagGroups.SelectMany(g => g.Signs)];

    /// <summary>The group a stored value belongs to. A value the site no longer offers (from an older
    /// version) counts as a 999 sign: the safer reading of a sign nobody can look up.</summary>
    public static RedFlagGroup GroupOf(string value) =>
        RedFlagGroups.FirstOrDefault(g => g.Signs.Any(s => s.Value == value)) ?? RedFlagGroups[0];

    /// <summary>The advice for the signs ticked: the most urgent level among them, or null for none.</summary>
    public static CareCardLevel? AdviceFor(IEnumerable<string> values) =>
        values.Select(v => (CareCardLevel?)GroupOf(v).Level).Max();

    public static string LabelOf(IReadOnlyList<Choice> choices, string value) =>
        choices.FirstOrDefault(c => c.Value == value)?.Label ?? value;
}
