using FacetEducation.Web.Content;
using FacetEducation.Web.Enquiries;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Pages.Contact;

/// <summary>
/// The contact page: clinic details, opening hours, and the enquiry form. The form posts here and,
/// when stored, redirects to the thank-you page (Post-Redirect-Get); it needs no JavaScript.
/// Antiforgery is checked in the handler rather than by the filter, so that an expired token
/// redisplays the visitor's words with a message instead of a bare 400.
/// </summary>
[EnableRateLimiting(EnquiryLimits.RatePolicy)]
[RequestSizeLimit(EnquiryLimits.MaxBodyBytes)]
[GivesBackOversizedForm]
[IgnoreAntiforgeryToken]
public sealed class IndexModel(
    EnquiryService enquiries,
    FormTimestamp timestamp,
    IAntiforgery antiforgery,
    ContentStore content,
    IOptions<EnquiryOptions> options,
    ILogger<IndexModel> logger) : PageModel
{
    private static readonly Dictionary<string, string[]> NoErrors = [];

    public EnquiryForm Form { get; private set; } = new();

    /// <summary>Messages by field name (<c>name</c>, <c>email</c>, ...), shown beside the field and in the summary.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = NoErrors;

    /// <summary>A message about the whole form (expired, or sent too quickly), shown above it.</summary>
    public string? Notice { get; private set; }

    /// <summary>The signed time the form was shown, for the minimum fill time.</summary>
    public string Started { get; private set; } = "";

    /// <summary>The form's one-time id: sent twice (a double click, a resend), it is stored once.</summary>
    public string Submission { get; private set; } = "";

    public ClinicProfile Clinic { get; private set; } = null!;

    /// <summary>Enquiries are paused (the store could not be opened at start-up): the page offers the phone instead of a form.</summary>
    public bool Paused { get; private set; }

    /// <summary>A valid enquiry the data folder could not keep: the form comes back with every word, and the phone number.</summary>
    public bool NotStored { get; private set; }

    /// <summary>The form is shown unless enquiries are paused; a visitor who posted always gets their words back.</summary>
    public bool ShowForm => !Paused || Request.HasFormContentType;

    public void OnGet()
    {
        Clinic = content.Current.Clinic;
        Started = timestamp.Issue();
        Paused = enquiries.Paused;
        Submission = Guid.NewGuid().ToString("D");
    }

    public async Task<IActionResult> OnPostAsync([FromForm] EnquiryForm? form, CancellationToken cancellationToken)
    {
        OnGet();
        if (form is null)
        {
            // The form reader refused the body (thousands of fields, a field name kilobytes long):
            // not something our form sends, so there is nothing of the visitor's to give back.
            logger.LogInformation("Enquiry form refused: the body could not be read as a form");
            Notice = "Your enquiry could not be read, so it has not been sent. Please fill in the form again and press Send enquiry.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Form = form;
        // A redisplayed form keeps its id, so that pressing Send on it after a refusal and again
        // after a double click is still one enquiry.
        var submission = Guid.TryParse(form.Submission, out var id) ? id.ToString("D") : null;
        Submission = submission ?? Submission;
        if (HttpContext.Features.Get<OversizedForm>() is { } oversized)
        {
            logger.LogInformation("Enquiry form over {Limit} bytes given back to the visitor to shorten", oversized.Limit);
            var phone = Clinic.Phone is { } number ? $", or call us on {number}" : "";
            Notice = $"Your enquiry has not been sent: it is longer than we can take in one go. Below is what reached us; please shorten your message to {EnquiryValidator.MessageMaxLength:N0} characters or fewer and press Send enquiry again{phone}.";
            Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Page();
        }

        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            Notice = "This form had expired, so your enquiry has not been sent yet. Please check your details and press Send enquiry again.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (!string.IsNullOrEmpty(form.Website))
        {
            // A bot filled the hidden field: it sees the usual thank-you page, and nothing is stored or sent.
            logger.LogInformation("Enquiry form discarded: honeypot field filled");
            return RedirectToPage("/Contact/ThankYou");
        }

        if (timestamp.Elapsed(form.Started) is not { } elapsed || elapsed < options.Value.MinimumFillTime)
        {
            logger.LogInformation("Enquiry form sent back for confirmation: sent too quickly or without a valid timestamp");
            Notice = "Your enquiry has not been sent yet. Please check your details and press Send enquiry again.";
            return Page();
        }

        var result = await enquiries.SubmitAsync(form.ToRequest(), EnquiryChannel.Form, submission, cancellationToken);
        if (result.NotStored)
        {
            NotStored = true;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = EnquiryLimits.NotStoredRetryAfterSeconds;
            return Page();
        }

        if (!result.Accepted)
        {
            Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return RedirectToPage("/Contact/ThankYou", result.Advice is { } advice ? new { advice = ThankYouModel.AdviceValue(advice) } : null);
    }

    public bool HasError(string field) => Errors.ContainsKey(field);

    /// <summary>The ids a field's <c>aria-describedby</c> should name: its hint and, when there is one, its error.</summary>
    public string? DescribedBy(string field, bool hasHint = false)
    {
        var ids = new List<string>(2);
        if (hasHint)
        {
            ids.Add(field + "-hint");
        }

        if (HasError(field))
        {
            ids.Add(field + "-error");
        }

        return ids.Count == 0 ? null : string.Join(' ', ids);
    }
}

/// <summary>The form's fields as posted. Names match the JSON API, so both share one validator.</summary>
public sealed class EnquiryForm
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? PreferredContact { get; set; }
    public string? EnquiryType { get; set; }
    public string? SessionType { get; set; }
    public List<string> PreferredTimes { get; set; } = [];
    public string? Message { get; set; }
    public string? Consent { get; set; }
    public List<string> RedFlags { get; set; } = [];

    /// <summary>The honeypot: hidden from people, filled in by bots.</summary>
    public string? Website { get; set; }

    /// <summary>The signed time the form was shown.</summary>
    public string? Started { get; set; }

    /// <summary>The form's one-time id (a GUID).</summary>
    public string? Submission { get; set; }

    public EnquiryRequest ToRequest() => new()
    {
        Name = Name,
        Email = Email,
        Phone = Phone,
        PreferredContact = PreferredContact,
        EnquiryType = EnquiryType,
        SessionType = SessionType,
        PreferredTimes = PreferredTimes,
        Message = Message,
        Consent = Consent is "true" or "on",
        RedFlags = RedFlags,
    };
}
