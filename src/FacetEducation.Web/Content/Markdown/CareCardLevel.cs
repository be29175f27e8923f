namespace FacetEducation.Web.Content.Markdown;

/// <summary>The NHS care card levels a clinician can write as <c>::: info</c>, <c>::: non-urgent</c>,
/// <c>::: urgent</c> or <c>::: immediate</c>.</summary>
public enum CareCardLevel
{
    Info,

    /// <summary>Book a routine appointment (a GP or physiotherapist).</summary>
    NonUrgent,

    /// <summary>Get help today: NHS 111 or an urgent GP appointment.</summary>
    Urgent,

    /// <summary>Immediate action required: call 999 or go to A&amp;E.</summary>
    Immediate,
}

public static class CareCards
{
    public const string FaqInfo = "faq";

    public static bool TryParse(string? info, out CareCardLevel level)
    {
        switch (info?.Trim().ToLowerInvariant())
        {
            case "info":
                level = CareCardLevel.Info;
                return true;
            case "non-urgent":
                level = CareCardLevel.NonUrgent;
                return true;
            case "urgent":
                level = CareCardLevel.Urgent;
                return true;
            case "immediate":
                level = CareCardLevel.Immediate;
                return true;
            default:
                level = default;
                return false;
        }
    }

    public static string CssModifier(this CareCardLevel level) => level switch
    {
        CareCardLevel.Info => "info",
        CareCardLevel.NonUrgent => "non-urgent",
        CareCardLevel.Urgent => "urgent",
        _ => "immediate",
    };

    /// <summary>A heading of the kind the level is for, shown when a card has none.</summary>
    public static string ExampleHeading(this CareCardLevel level) => level switch
    {
        CareCardLevel.Info => "Good to know",
        CareCardLevel.NonUrgent => "See a GP or physiotherapist if:",
        CareCardLevel.Urgent => "Ask for an urgent GP appointment or call 111 if:",
        _ => "Call 999 or go to A&E if:",
    };

    /// <summary>The label read before the heading, so the level never depends on colour alone.</summary>
    public static string Label(this CareCardLevel level) => level switch
    {
        CareCardLevel.Info => "Information",
        CareCardLevel.NonUrgent => "Non-urgent advice",
        CareCardLevel.Urgent => "Urgent advice",
        _ => "Immediate action required",
    };
}
