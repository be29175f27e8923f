using System.Globalization;
using System.Text.RegularExpressions;
using FacetEducation.Web.Enquiries;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace FacetEducation.Web.Content;

/// <summary>
/// The clinic's own details from <c>content/clinic.yml</c>. It is content, not configuration: the
/// clinician changes opening hours or the phone number by editing that file, and the footer, the
/// About page and the contact page all show the change on the next request.
/// </summary>
public sealed partial class ClinicProfile
{
    public string Name { get; set; } = "The clinic";
    public string? Strapline { get; set; }
    public string? Location { get; set; }
    public string? Phone { get; set; }

    /// <summary>Said beside the phone number, such as why a message is often quicker than a call.</summary>
    public string? PhoneNote { get; set; }

    /// <summary>The number WhatsApp messages go to, in international form (<c>+44 7700 900123</c>).</summary>
    [YamlMember(Alias = "whatsapp")]
    public string? WhatsApp { get; set; }

    public string? Email { get; set; }
    public string? ReplyTime { get; set; }
    public List<OpeningSlot> OpeningHours { get; set; } = [];
    public string? HoursNote { get; set; }
    public List<ClinicService> Services { get; set; } = [];
    public List<Clinician> Clinicians { get; set; } = [];

    /// <summary>The limited company that runs the clinic, which its website must name (Companies Act
    /// disclosure); the footer shows it and the privacy notice names it as the data controller.</summary>
    public CompanyDetails? Company { get; set; }

    /// <summary>The phone number as a <c>tel:</c> link target (digits and a leading plus only).</summary>
    [YamlIgnore]
    public string? PhoneHref => Phone is null ? null
        : "tel:" + new string([.. Phone.Where(c => char.IsAsciiDigit(c) || c == '+')]);

    /// <summary>A <c>https://wa.me/</c> link that opens a WhatsApp chat with <see cref="WhatsApp"/>:
    /// wa.me takes the international number as digits only, without the plus.</summary>
    [YamlIgnore]
    public string? WhatsAppHref => WhatsApp is null ? null
        : "https://wa.me/" + new string([.. WhatsApp.Where(char.IsAsciiDigit)]);

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

    /// <summary>The rules <c>clinic.yml</c> is held to (the loader keeps the last good profile while any fails), each problem with the setting it is about (as
    /// <see cref="ClinicProblem.Field"/> names it), so the editor's form shows it beside that field.</summary>
    public IEnumerable<ClinicProblem> Problems()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return new("name", "'name' is required.");
        }

        if (Phone is not null && !PhoneNumbers.IsPhoneNumber(Phone.Trim()))
        {
            // The tel: link keeps only the digits, so a letter O typed for a zero would dial a wrong number.
            yield return new("phone", $"'phone' must be a phone number: digits, with spaces if you like, such as \"01632 960123\" or \"+44 1632 960123\". It is '{Phone}'.");
        }

        if (WhatsApp is not null && !InternationalNumber().IsMatch(WhatsApp.Trim()))
        {
            yield return new("whatsapp", $"'whatsapp' must be a mobile number in international form: a plus, the country code and the number, with spaces if you like, such as \"+44 7700 900123\". It is '{WhatsApp}'.");
        }

        if (Email is not null && EmailAddresses.Check(Email.Trim()) != EmailProblem.None)
        {
            yield return new("email", $"'email' must be one email address, such as \"enquiries@example.org\". It is '{Email}'.");
        }

        if (Company is { } company)
        {
            foreach (var problem in company.Problems())
            {
                yield return problem;
            }
        }

        foreach (var slot in OpeningHours)
        {
            if (slot.Closes <= slot.Opens)
            {
                yield return new($"openingHours.{slot.Day}", $"Opening hours for {slot.Day}: 'closes' ({slot.Closes:HH\\:mm}) must be after 'opens' ({slot.Opens:HH\\:mm}).");
            }
        }

        foreach (var group in OpeningHours.GroupBy(s => s.Day).Where(g => g.Count() > 1))
        {
            yield return new($"openingHours.{group.Key}", $"Opening hours list {group.Key} more than once.");
        }

        for (var i = 0; i < Services.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Services[i].Name))
            {
                yield return new($"services.{i}.name", $"Service {i + 1} needs its 'name', such as \"One-to-one physiotherapy\".");
            }
        }
    }

    /// <summary>Reads <c>clinic.yml</c>'s text and applies <see cref="Problems"/>: the one reader for the
    /// content store and the editor's form. A YAML mistake is one problem, with its line and column.</summary>
    public static ClinicProfileRead Read(string yaml)
    {
        try
        {
            var profile = ContentYaml.Deserializer.Deserialize<ClinicProfile>(yaml) ?? new ClinicProfile();
            return new ClinicProfileRead(profile, [.. profile.Problems()]);
        }
        catch (YamlException ex)
        {
            var (line, column) = ContentYaml.Where(ex);
            return new ClinicProfileRead(null, [new ClinicProblem(null, $"The clinic profile is not valid at line {line}, column {column}: {ContentYaml.Explain(ex)}") { Line = line }]);
        }
    }

    /// <summary>A plus, a country code that does not start with 0, then digits (spaces between groups
    /// allowed): 8 to 15 digits in all, the length international numbers have (ITU-T E.164).</summary>
    [GeneratedRegex(@"^\+[1-9](?: ?[0-9]){7,14}$")]
    private static partial Regex InternationalNumber();
}

/// <summary>The company's registration, as Companies House holds it.</summary>
public sealed partial class CompanyDetails
{
    /// <summary>The registered name, such as <c>Example Physio Ltd</c>.</summary>
    public string? Name { get; set; }

    /// <summary>The 8-character company number: 8 digits in England and Wales, or two letters and
    /// 6 digits (SC123456 in Scotland, NI123456 in Northern Ireland).</summary>
    public string? Number { get; set; }

    /// <summary>Where it is registered, such as <c>England and Wales</c>.</summary>
    public string? RegisteredIn { get; set; }

    /// <summary>The registered office address.</summary>
    public string? RegisteredOffice { get; set; }

    /// <summary>The disclosure as one sentence pair, for the footer.</summary>
    public override string ToString() =>
        $"{Name?.Trim()}, registered in {RegisteredIn?.Trim()}, company number {Number?.Trim()}. Registered office: {RegisteredOffice?.Trim().TrimEnd('.')}.";

    public IEnumerable<ClinicProblem> Problems()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return new("company.name", "'company' needs its 'name': the registered name, such as \"Example Physio Ltd\".");
        }

        if (string.IsNullOrWhiteSpace(Number))
        {
            yield return new("company.number", "'company' needs its 'number': the 8-character company number from Companies House, such as \"12345678\".");
        }
        else if (!CompanyNumber().IsMatch(Number.Trim()))
        {
            yield return new("company.number", $"'company' 'number' must be the 8-character company number from Companies House: 8 digits (such as \"01234567\"), or two capital letters and 6 digits (such as \"SC123456\"). It is '{Number}'.");
        }

        if (string.IsNullOrWhiteSpace(RegisteredIn))
        {
            yield return new("company.registeredIn", "'company' needs 'registeredIn': where the company is registered, such as \"England and Wales\".");
        }

        if (string.IsNullOrWhiteSpace(RegisteredOffice))
        {
            yield return new("company.registeredOffice", "'company' needs its 'registeredOffice': the registered office address, as Companies House has it.");
        }
    }

    [GeneratedRegex("^(?:[0-9]{2}|[A-Z]{2})[0-9]{6}$")]
    private static partial Regex CompanyNumber();
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

/// <summary>One problem with <c>clinic.yml</c>: the setting it is about (<c>phone</c>,
/// <c>company.number</c>, <c>openingHours.Monday</c>, <c>services.0.name</c>; null for the file as a
/// whole) and what to do, in the clinician's words.</summary>
public sealed record ClinicProblem(string? Field, string Message)
{
    /// <summary>The line of the file, for a YAML mistake.</summary>
    public int? Line { get; init; }
}

/// <summary>What <see cref="ClinicProfile.Read"/> found: the profile (null when the YAML could not be
/// read) and its problems; the profile is usable only when there are none.</summary>
public sealed record ClinicProfileRead(ClinicProfile? Profile, IReadOnlyList<ClinicProblem> Problems);
