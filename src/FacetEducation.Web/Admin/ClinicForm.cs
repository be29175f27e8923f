using System.ComponentModel.DataAnnotations;
using System.Globalization;
using FacetEducation.Web.Content;

namespace FacetEducation.Web.Admin;

/// <summary>
/// <c>content/clinic.yml</c> as a form: every value as the clinician typed it (strings, so nothing
/// typed is lost when a value is refused), the week as seven rows, and the services as rows with room
/// for new ones. <see cref="ToYaml"/> writes the form into the YAML it was opened from through
/// <see cref="FrontMatterPatch"/>: only the settings whose values changed are rewritten, so comments,
/// quoting and untouched settings (the clinicians, say) stay byte for byte.
/// </summary>
public sealed class ClinicForm
{
    /// <summary>Empty service rows offered below the filled ones, for adding a service without JavaScript.</summary>
    public const int EmptyServiceRows = 1;

    public static IReadOnlyList<DayOfWeek> WeekDays { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public string? Name { get; set; }
    public string? Strapline { get; set; }
    public string? Location { get; set; }
    public string? Phone { get; set; }
    public string? WhatsApp { get; set; }
    public string? PhoneNote { get; set; }
    public string? Email { get; set; }
    public string? ReplyTime { get; set; }

    /// <summary>One row a day, Monday first; a day with neither time is closed.</summary>
    public List<DayRow> Days { get; set; } = [];

    public string? HoursNote { get; set; }
    public List<ServiceRow> Services { get; set; } = [];
    public string? CompanyName { get; set; }
    public string? CompanyNumber { get; set; }
    public string? CompanyRegisteredIn { get; set; }
    public string? CompanyRegisteredOffice { get; set; }

    /// <summary>The hash of the version this form was opened from; empty when there was none.</summary>
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string BaseHash { get; set; } = "";

    /// <summary>A one-line note for the history.</summary>
    public string? ChangeSummary { get; set; }

    public sealed class DayRow
    {
        public string? Opens { get; set; }
        public string? Closes { get; set; }
    }

    public sealed class ServiceRow
    {
        public string? Name { get; set; }
        public string? Description { get; set; }

        /// <summary>Ticked to leave the service out when the form is saved.</summary>
        public bool Remove { get; set; }
    }

    public static ClinicForm From(ClinicProfile profile, string baseHash)
    {
        var company = profile.Company;
        var form = new ClinicForm
        {
            Name = profile.Name,
            Strapline = profile.Strapline,
            Location = profile.Location,
            Phone = profile.Phone,
            WhatsApp = profile.WhatsApp,
            PhoneNote = profile.PhoneNote,
            Email = profile.Email,
            ReplyTime = profile.ReplyTime,
            HoursNote = profile.HoursNote,
            CompanyName = company?.Name,
            CompanyNumber = company?.Number,
            CompanyRegisteredIn = company?.RegisteredIn,
            CompanyRegisteredOffice = company?.RegisteredOffice,
            BaseHash = baseHash,
            Days = [.. WeekDays.Select(day => profile.OpeningHours.FirstOrDefault(s => s.Day == day) is { } slot
                ? new DayRow { Opens = Time(slot.Opens), Closes = Time(slot.Closes) }
                : new DayRow())],
            Services = [.. profile.Services.Select(s => new ServiceRow { Name = s.Name, Description = s.Description })],
        };
        return form.Normalised();
    }

    /// <summary>The form as posted, made whole: seven day rows and <see cref="EmptyServiceRows"/> empty
    /// service rows after the last filled one.</summary>
    public ClinicForm Normalised(int extraServiceRows = 0)
    {
        while (Days.Count < WeekDays.Count)
        {
            Days.Add(new DayRow());
        }

        Days = Days[..WeekDays.Count];
        var lastFilled = Services.FindLastIndex(s => !IsBlank(s));
        Services = [.. Services.Take(lastFilled + 1), .. Enumerable.Range(0, EmptyServiceRows + extraServiceRows).Select(_ => new ServiceRow())];
        return this;
    }

    /// <summary>The YAML this form would write, made from <paramref name="baseYaml"/> (the version it was
    /// opened from; null when there is none) and <paramref name="basis"/> (that version's profile, or the
    /// last good one, for the settings the form does not show), with the problems only the form can have:
    /// a time that is not one, or a day with one time of its two. The file's own rules are the content
    /// store's (<see cref="ClinicProfile.Read"/>), run by the caller on the result.</summary>
    public (string Yaml, IReadOnlyList<ClinicProblem> FormProblems) ToYaml(string? baseYaml, ClinicProfile basis)
    {
        var problems = new List<ClinicProblem>();
        var slots = new List<OpeningSlot>();
        for (var i = 0; i < WeekDays.Count && i < Days.Count; i++)
        {
            var (day, row) = (WeekDays[i], Days[i]);
            var field = $"openingHours.{day}";
            if (Clean(row.Opens) is null && Clean(row.Closes) is null)
            {
                continue;
            }

            if (Clean(row.Opens) is not { } opensText || Clean(row.Closes) is not { } closesText)
            {
                problems.Add(new(field, $"Opening hours for {day}: give both the opening and the closing time, or leave both empty if the clinic is closed that day."));
                continue;
            }

            var opens = ContentYaml.ReadTime(opensText, out var opensProblem);
            var closes = ContentYaml.ReadTime(closesText, out var closesProblem);
            if (opens is null || closes is null)
            {
                problems.Add(new(field, $"Opening hours for {day}: {opensProblem ?? closesProblem}"));
                continue;
            }

            slots.Add(new OpeningSlot { Day = day, Opens = opens.Value, Closes = closes.Value });
        }

        var company = new CompanyDetails
        {
            Name = Clean(CompanyName),
            Number = Clean(CompanyNumber),
            RegisteredIn = Clean(CompanyRegisteredIn),
            RegisteredOffice = Clean(CompanyRegisteredOffice),
        };
        var profile = new ClinicProfile
        {
            Name = Clean(Name) ?? string.Empty,
            Strapline = Clean(Strapline),
            Location = Clean(Location),
            Phone = Clean(Phone),
            WhatsApp = Clean(WhatsApp),
            PhoneNote = Clean(PhoneNote),
            Email = Clean(Email),
            ReplyTime = Clean(ReplyTime),
            // Kept in the file's order when the days are the same ones, so an unchanged week is not rewritten.
            OpeningHours = SameDays(basis.OpeningHours, slots) ? [.. basis.OpeningHours.Select(s => slots.Single(n => n.Day == s.Day))] : slots,
            HoursNote = Clean(HoursNote),
            Services = [.. Services.Where(Kept).Select(s => new ClinicService { Name = Clean(s.Name) ?? string.Empty, Description = Clean(s.Description) })],
            Clinicians = basis.Clinicians,
            Company = company is { Name: null, Number: null, RegisteredIn: null, RegisteredOffice: null } ? null : company,
        };
        return (FrontMatterPatch.ApplySettings(baseYaml, profile, yaml => ClinicProfile.Read(yaml).Profile), problems);
    }

    /// <summary>The form field a problem of <c>clinic.yml</c> belongs beside (its element id), or null
    /// for the file as a whole. A service's number counts the rows kept, as the file does.</summary>
    public string? FieldFor(ClinicProblem problem)
    {
        var parts = (problem.Field ?? string.Empty).Split('.');
        return parts switch
        {
            ["name"] => "Form_Name",
            ["phone"] => "Form_Phone",
            ["whatsapp"] => "Form_WhatsApp",
            ["email"] => "Form_Email",
            ["company", "name"] => "Form_CompanyName",
            ["company", "number"] => "Form_CompanyNumber",
            ["company", "registeredIn"] => "Form_CompanyRegisteredIn",
            ["company", "registeredOffice"] => "Form_CompanyRegisteredOffice",
            ["openingHours", var day] when Enum.TryParse<DayOfWeek>(day, out var d) => $"Form_Days_{WeekDays.ToList().IndexOf(d)}__Opens",
            ["services", var n, "name"] when int.TryParse(n, CultureInfo.InvariantCulture, out var index) && RowOfService(index) is { } row
                => $"Form_Services_{row}__Name",
            _ => null,
        };
    }

    private int? RowOfService(int index)
    {
        var filled = Services.Select((s, row) => (s, row)).Where(x => Kept(x.s)).Select(x => x.row).ToList();
        return index < filled.Count ? filled[index] : null;
    }

    private static bool SameDays(List<OpeningSlot> before, List<OpeningSlot> after) =>
        before.Count == after.Count && before.Select(s => s.Day).Order().SequenceEqual(after.Select(s => s.Day).Order());

    /// <summary>Whether a service row goes into the file: not ticked for removal, and not left empty.</summary>
    private static bool Kept(ServiceRow row) => !row.Remove && !IsBlank(row);

    private static bool IsBlank(ServiceRow row) => Clean(row.Name) is null && Clean(row.Description) is null;

    /// <summary>A value as the file keeps it: trimmed, with the browser's line breaks made plain; empty is absent.</summary>
    private static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.ReplaceLineEndings("\n").Trim();

    private static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
