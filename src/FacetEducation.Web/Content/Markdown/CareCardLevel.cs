namespace FacetEducation.Web.Content.Markdown;

/// <summary>The NHS care card levels a clinician can write as <c>::: info</c>, <c>::: non-urgent</c>
/// or <c>::: urgent</c>.</summary>
public enum CareCardLevel
{
    Info,
    NonUrgent,
    Urgent,
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
            default:
                level = default;
                return false;
        }
    }

    public static string CssModifier(this CareCardLevel level) => level switch
    {
        CareCardLevel.Info => "info",
        CareCardLevel.NonUrgent => "non-urgent",
        _ => "urgent",
    };

    /// <summary>The label read before the heading, so the level never depends on colour alone.</summary>
    public static string Label(this CareCardLevel level) => level switch
    {
        CareCardLevel.Info => "Information",
        CareCardLevel.NonUrgent => "Non-urgent advice",
        _ => "Urgent advice",
    };
}
