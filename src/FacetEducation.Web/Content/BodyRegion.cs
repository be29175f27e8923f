namespace FacetEducation.Web.Content;

/// <summary>The three regions of the movable spine, in the order the site lists them.</summary>
public enum BodyRegion
{
    Cervical,
    Thoracic,
    Lumbar,
}

public static class BodyRegionExtensions
{
    public static string Slug(this BodyRegion region) => region.ToString().ToLowerInvariant();

    public static string DisplayName(this BodyRegion region) => region switch
    {
        BodyRegion.Cervical => "Neck (cervical spine)",
        BodyRegion.Thoracic => "Upper and mid back (thoracic spine)",
        _ => "Lower back (lumbar spine)",
    };

    public static bool TryParse(string? value, out BodyRegion region)
    {
        region = default;
        return value is not null
            && Enum.TryParse(value.Trim(), ignoreCase: true, out region)
            && Enum.IsDefined(region);
    }
}
