using System.Text.Json.Serialization;
using FacetEducation.Web.Content.Markdown;

namespace FacetEducation.Web.Enquiries;

/// <summary>The JSON body of <c>POST /api/enquiries</c> (camelCase), and what the form is turned into.</summary>
public sealed class EnquiryRequest
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }

    /// <summary><c>email</c> or <c>phone</c>.</summary>
    public string? PreferredContact { get; set; }

    /// <summary><c>booking</c>, <c>question</c> or <c>second-opinion</c>.</summary>
    public string? EnquiryType { get; set; }

    /// <summary>For a booking: <c>in-clinic</c>, <c>online</c> or <c>aquatic</c>.</summary>
    public string? SessionType { get; set; }

    /// <summary>For a booking: start times such as <c>Wednesday 09:00</c>, within the opening hours.</summary>
    public List<string>? PreferredTimes { get; set; }

    public string? Message { get; set; }

    /// <summary>Consent to process health information; must be <c>true</c>.</summary>
    public bool Consent { get; set; }

    /// <summary>Red-flag symptoms ticked, from <see cref="EnquiryChoices.RedFlags"/>.</summary>
    public List<string>? RedFlags { get; set; }
}

/// <summary>An enquiry that passed validation: trimmed, normalised, safe to store and send.</summary>
public sealed record Enquiry(
    string Name,
    string Email,
    string? Phone,
    string PreferredContact,
    string EnquiryType,
    string? SessionType,
    IReadOnlyList<string> PreferredTimes,
    string Message,
    IReadOnlyList<string> RedFlags)
{
    /// <summary>Any red flag ticked: the clinic's email is marked urgent and the visitor sees urgent advice first.</summary>
    public bool IsUrgent => RedFlags.Count > 0;

    /// <summary>The advice the visitor is shown: 999 or A&amp;E now if any 999 sign was ticked, 111 or a
    /// GP today if only those signs were, none without red flags. Left out of the stored payload and
    /// its hash, which stay as they were before it existed.</summary>
    [JsonIgnore]
    public CareCardLevel? Advice => EnquiryChoices.AdviceFor(RedFlags);
}
