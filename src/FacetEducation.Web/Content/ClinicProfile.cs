using System.Globalization;

namespace FacetEducation.Web.Content;

/// <summary>
/// The clinic's own details from <c>content/clinic.yml</c>. It is content, not configuration: the
/// clinician changes opening hours or the phone number by editing that file, and the footer, the
/// About page and the contact page all show the change on the next request.
/// </summary>
public sealed class ClinicProfile
{
    public string Name { get; set; } = "The clinic";
    public string? Strapline { get; set; }
    public string? Location { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? ReplyTime { get; set; }
    public List<OpeningSlot> OpeningHours { get; set; } = [];
    public string? HoursNote { get; set; }
    public List<ClinicService> Services { get; set; } = [];
    public List<Clinician> Clinicians { get; set; } = [];

    /// <summary>The phone number as a <c>tel:</c> link target (digits and a leading plus only).</summary>
    public string? PhoneHref => Phone is null ? null
        : "tel:" + new string([.. Phone.Where(c => char.IsAsciiDigit(c) || c == '+')]);

    /// <summary>Every day of the week in order, Monday first, with its hours or null when closed.</summary>
    public IEnumerable<(DayOfWeek Day, OpeningSlot? Slot)> Week()
    {
        DayOfWeek[] order = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday,
            DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];
        foreach (var day in order)
        {
            yield return (day, OpeningHours.FirstOrDefault(s => s.Day == day));
        }
    }

    public Clinician? FindClinician(string name) =>
        Clinicians.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Problems that make the profile unusable; the loader keeps the last good profile.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return "'name' is required.";
        }

        foreach (var slot in OpeningHours)
        {
            if (slot.Closes <= slot.Opens)
            {
                yield return $"Opening hours for {slot.Day}: 'closes' ({slot.Closes:HH\\:mm}) must be after 'opens' ({slot.Opens:HH\\:mm}).";
            }
        }

        foreach (var group in OpeningHours.GroupBy(s => s.Day).Where(g => g.Count() > 1))
        {
            yield return $"Opening hours list {group.Key} more than once.";
        }
    }
}

public sealed class OpeningSlot
{
    public DayOfWeek Day { get; set; }
    public TimeOnly Opens { get; set; }
    public TimeOnly Closes { get; set; }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Opens:HH\\:mm} to {Closes:HH\\:mm}");
}

public sealed class ClinicService
{
    public string Name { get; set; } = "";
    public string? Description { get; set; }
}

public sealed class Clinician
{
    public string Name { get; set; } = "";
    public string? Role { get; set; }
    public string? Registration { get; set; }
}
