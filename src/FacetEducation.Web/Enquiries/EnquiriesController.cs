using FacetEducation.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace FacetEducation.Web.Enquiries;

/// <summary>The id of a stored enquiry, returned with <c>202 Accepted</c>.</summary>
public sealed record EnquiryAccepted(string Id);

/// <summary>
/// The JSON twin of the contact form: same validation, same store. <c>202</c> means stored (the
/// emails follow from the outbox); <c>400</c> names each bad field; <c>413</c> for a body over
/// 64 KB, <c>415</c> for anything but JSON, <c>429</c> when one client sends too many, <c>503</c>
/// with <c>Retry-After</c> when the data folder cannot keep it (full, read-only, paused).
/// An optional <c>Idempotency-Key</c> header makes a resend safe: the same key with the same body
/// within the retention period answers the first <c>202</c> again and stores nothing; the same key
/// with a different body is a <c>422</c>.
/// </summary>
[ApiController]
[Route("api/enquiries")]
[EnableRateLimiting(EnquiryLimits.RatePolicy)]
[RequestSizeLimit(EnquiryLimits.MaxBodyBytes)]
public sealed class EnquiriesController(EnquiryService enquiries) : ControllerBase
{
    [HttpPost]
    [Consumes("application/json")]
    [ProducesResponseType<EnquiryAccepted>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<IActionResult> Post([FromBody] EnquiryRequest request, CancellationToken cancellationToken)
    {
        var key = Request.Headers[IdempotencyKeyHeader];
        if (key.Count > 1 || (key.Count == 1 && !IsIdempotencyKey(key[0])))
        {
            return Problem(statusCode: StatusCodes.Status400BadRequest,
                title: $"The {IdempotencyKeyHeader} header is not valid.",
                detail: $"Send one {IdempotencyKeyHeader} of 1 to {IdempotencyKeyMaxLength} visible ASCII characters (a UUID is a good choice), or leave the header out.");
        }

        var result = await enquiries.SubmitAsync(request, EnquiryChannel.Api, key.Count == 1 ? key[0] : null, cancellationToken);
        if (result.NotStored)
        {
            return NotStored();
        }

        if (result.Outcome == SubmissionOutcome.KeyReused)
        {
            return Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: $"This {IdempotencyKeyHeader} was already used for a different enquiry.",
                detail: $"Nothing was stored. Use a new {IdempotencyKeyHeader} for a new enquiry; to resend one, send exactly the same body with its key.");
        }

        if (result.Id is not { } id)
        {
            foreach (var (field, messages) in result.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field, message);
                }
            }

            return ValidationProblem(
                title: "The enquiry was not sent: some fields need correcting.",
                detail: "See 'errors' for what to change in each field, then send it again.");
        }

        return Accepted($"/api/enquiries/{id}", new EnquiryAccepted(id));
    }

    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int IdempotencyKeyMaxLength = 100;

    private static bool IsIdempotencyKey(string? value) =>
        value is { Length: > 0 and <= IdempotencyKeyMaxLength } && value.All(c => c is > ' ' and <= '~');

    /// <summary>Whether the two emails have gone: no personal data, and ids cannot be guessed.</summary>
    [HttpGet("{id:guid}")]
    [ProducesResponseType<EnquiryStatus>(StatusCodes.Status200OK)]
    public IActionResult Get(Guid id)
    {
        try
        {
            return enquiries.Paused ? StatusUnavailable()
                : enquiries.GetStatus(id.ToString("D")) is { } status ? Ok(status)
                : Problem(statusCode: 404, title: "No enquiry has this id.");
        }
        catch (Exception ex) when (DataStores.IsStorageFailure(ex))
        {
            // The outbox went bad while the site runs (damaged, deleted): /healthz says so.
            return StatusUnavailable();
        }
    }

    private ObjectResult StatusUnavailable()
    {
        Response.Headers.RetryAfter = EnquiryLimits.NotStoredRetryAfterSeconds;
        return Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Enquiry status is not available at the moment",
            detail: "The site cannot read its enquiries just now. Please try again later.");
    }

    private ObjectResult NotStored()
    {
        Response.Headers.RetryAfter = EnquiryLimits.NotStoredRetryAfterSeconds;
        return Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The enquiry could not be stored",
            detail: "The site cannot store enquiries at the moment, so nothing was sent. Please try again later or phone the clinic; in an emergency call 999, for urgent advice NHS 111.");
    }
}
