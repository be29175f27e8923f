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
    public async Task<IActionResult> Post([FromBody] EnquiryRequest request, CancellationToken cancellationToken)
    {
        var result = await enquiries.SubmitAsync(request, "api", cancellationToken);
        if (result.NotStored)
        {
            return NotStored();
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

    /// <summary>Whether the two emails have gone: no personal data, and ids cannot be guessed.</summary>
    [HttpGet("{id:guid}")]
    [ProducesResponseType<EnquiryStatus>(StatusCodes.Status200OK)]
    public IActionResult Get(Guid id) =>
        enquiries.Paused ? NotStored()
        : enquiries.GetStatus(id.ToString("D")) is { } status ? Ok(status)
        : Problem(statusCode: 404, title: "No enquiry has this id.");

    private ObjectResult NotStored()
    {
        Response.Headers.RetryAfter = EnquiryLimits.NotStoredRetryAfterSeconds;
        return Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The enquiry could not be stored",
            detail: "The site cannot store enquiries at the moment, so nothing was sent. Please try again later or phone the clinic; in an emergency call 999, for urgent advice NHS 111.");
    }
}
