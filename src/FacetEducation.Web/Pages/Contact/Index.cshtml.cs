using FacetEducation.Web.Content;
using FacetEducation.Web.Enquiries;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Html;
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

    /// <summary>
    /// The enquiry as posted: the JSON API's own request type, bound from the form fields of the same
    /// names (no prefix), so that the form and the API cannot drift apart. From the posted form only:
    /// a link's query string never fills in what a visitor sends.
    /// </summary>
    [BindProperty(Name = "")]
    [FromForm]
    public EnquiryRequest Form { get; set; } = new();

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

    /// <param name="website">The honeypot: hidden from people, filled in by bots.</param>
    /// <param name="started">The signed time the form was shown.</param>
    /// <param name="submission">The form's one-time id (a GUID).</param>
    /// <param name="cancellationToken">The visitor went away.</param>
    public async Task<IActionResult> OnPostAsync([FromForm] string? website, [FromForm] string? started, [FromForm] string? submission, CancellationToken cancellationToken)
    {
        OnGet();
        if (ModelState.ContainsKey(string.Empty))
        {
            // The form reader refused the body (thousands of fields, a field name kilobytes long):
            // model binding then binds nothing and records the refusal under the empty key, as no
            // field has that name. It is not something our form sends, so there is nothing of the
            // visitor's to give back.
            logger.LogInformation("Enquiry form refused: the body could not be read as a form");
            Notice = "Your enquiry could not be read, so it has not been sent. Please fill in the form again and press Send enquiry.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // A redisplayed form keeps its id, so that pressing Send on it after a refusal and again
        // after a double click is still one enquiry.
        var submissionKey = Guid.TryParse(submission, out var id) ? id.ToString("D") : null;
        Submission = submissionKey ?? Submission;
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

        if (!string.IsNullOrEmpty(website))
        {
            // A bot filled the hidden field: it sees the usual thank-you page, and nothing is stored or sent.
            logger.LogInformation("Enquiry form discarded: honeypot field filled");
            return RedirectToPage("/Contact/ThankYou");
        }

        if (timestamp.Elapsed(started) is not { } elapsed || elapsed < options.Value.MinimumFillTime)
        {
            logger.LogInformation("Enquiry form sent back for confirmation: sent too quickly or without a valid timestamp");
            Notice = "Your enquiry has not been sent yet. Please check your details and press Send enquiry again.";
            return Page();
        }

        var result = await enquiries.SubmitAsync(Form, EnquiryChannel.Form, submissionKey, cancellationToken);
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

    /// <summary>One field's hint and the errors of the last send, for the form's partials.</summary>
    public FieldNotes Notes(string field, string? hint = null) =>
        Notes(field, hint is null ? null : new HtmlContentBuilder().Append(hint));

    /// <summary>As <see cref="Notes(string, string?)"/>, for a hint with markup of its own (a link).</summary>
    public FieldNotes Notes(string field, IHtmlContent? hint) =>
        new(field, hint, Errors.GetValueOrDefault(field) ?? []);
}
