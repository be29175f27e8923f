using System.Globalization;
using System.Threading.RateLimiting;
using FacetEducation.Web.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Enquiries;

/// <summary>
/// Abuse limits for the form and the API: a per-client rate limit (the framework's rate limiter)
/// and a request body limit. Both answer in kind: ProblemDetails for the API, a friendly page for
/// the form.
/// </summary>
internal static class EnquiryLimits
{
    public const string RatePolicy = "enquiries";
    public const int MaxBodyBytes = 64 * 1024;
    public const string ProblemView = "/Pages/Contact/_Problem.cshtml";
    public const string ApiPath = "/api/enquiries";

    /// <summary>When to try again after a 503 because the data folder could not store an enquiry:
    /// long enough for an operator to free some space, short enough for a visitor to wait.</summary>
    public const string NotStoredRetryAfterSeconds = "300";

    public static void Configure(RateLimiterOptions options)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        // Only sending counts; reading the form or a status never does. Partitioned by client IP
        // (behind a proxy listed in Proxy:KnownProxies, PublicAddress makes this the visitor's address).
        options.AddPolicy(RatePolicy, context =>
        {
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                return RateLimitPartition.GetNoLimiter("not-a-send");
            }

            var perMinute = context.RequestServices.GetRequiredService<IOptions<EnquiryOptions>>().Value.RateLimitPerMinute;
            var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetFixedWindowLimiter("ip:" + client, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
        });
        options.OnRejected = (rejected, cancellationToken) =>
        {
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
            rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return new ValueTask(WriteProblemAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
                "Too many messages in a short time",
                "You have sent several messages in the last minute. Please wait a minute and try again. If it is urgent, please phone us instead."));
        };
    }

    /// <summary>
    /// The one place a body over the endpoint's <see cref="IRequestSizeLimitMetadata"/> is caught,
    /// whether its length was sent or not (chunked). The body is read here, at most one byte past the
    /// limit, rather than left to the server, whose own limit throws from whatever reads the body
    /// next (the form reader, the JSON reader) and ended as a 500. The API answers 413
    /// ProblemDetails; a page marked <see cref="GivesBackOversizedFormAttribute"/> is given the part
    /// that was read, cut at a whole field, with an <see cref="OversizedForm"/> feature, so that it
    /// can show the visitor their words; anything else gets the friendly 413 page.
    /// </summary>
    public static async Task LimitBodyAsync(HttpContext context, RequestDelegate next)
    {
        var endpoint = context.GetEndpoint();
        var limit = endpoint?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
        if (limit is not { } max || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        var givesBack = endpoint!.Metadata.GetMetadata<GivesBackOversizedFormAttribute>() is not null
            && context.Request.HasFormContentType
            && context.Request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        if (!givesBack && context.Request.ContentLength > max)
        {
            await TooLargeAsync(context, max);
            return;
        }

        var (body, outcome) = await ReadAtMostAsync(context, max);
        context.Response.RegisterForDispose(body);
        switch (outcome)
        {
            case BodyRead.Whole:
                context.Request.Body = body;
                await next(context);
                return;
            case BodyRead.Aborted:
                return;
            case BodyRead.Unreadable:
                await WriteProblemAsync(context, StatusCodes.Status400BadRequest, "Your message could not be read",
                    "The request did not arrive whole. Please send it again, or phone us.");
                return;
        }

        if (!givesBack)
        {
            await TooLargeAsync(context, max);
            return;
        }

        context.Features.Set(new OversizedForm(max));
        var kept = WholeFields(body.GetBuffer().AsSpan(0, (int)Math.Min(body.Length, max)));
        context.Request.Body = new MemoryStream(body.GetBuffer(), 0, kept, writable: false);
        context.Request.ContentLength = kept;
        context.Request.Headers.TransferEncoding = default;
        await next(context);
    }

    private enum BodyRead
    {
        Whole,
        TooLarge,
        Unreadable,
        Aborted,
    }

    private static Task TooLargeAsync(HttpContext context, long max) =>
        WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Too much to send in one go",
            $"The most we accept in one go is {max / 1024} KB. Please shorten it and send it again, or phone us.");

    /// <summary>Reads the body into memory, stopping once it is over <paramref name="max"/> bytes.</summary>
    private static async Task<(MemoryStream Body, BodyRead Outcome)> ReadAtMostAsync(HttpContext context, long max)
    {
        // The server's limit is lifted so that a body with a length over the limit can still be read
        // in part (the form gives back what was read); this loop stops at the limit instead.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = null;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > max)
                {
                    return (buffer, BodyRead.TooLarge);
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (buffer, BodyRead.TooLarge);
        }
        catch (BadHttpRequestException)
        {
            // A malformed chunk, or a body shorter than its Content-Length.
            return (buffer, BodyRead.Unreadable);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            return (buffer, BodyRead.Aborted);
        }

        buffer.Position = 0;
        return (buffer, BodyRead.Whole);
    }

    /// <summary>
    /// How much of a URL-encoded form to keep: all of it except a percent escape or a UTF-8
    /// character (written as escapes) cut in half, so the last field reads as typed, only shorter.
    /// </summary>
    internal static int WholeFields(ReadOnlySpan<byte> form)
    {
        var end = form.Length;
        if (end >= 1 && form[end - 1] == '%')
        {
            end -= 1;
        }
        else if (end >= 2 && form[end - 2] == '%')
        {
            end -= 2;
        }

        // Walk back over trailing %XX escapes of UTF-8 continuation bytes to the lead byte, and drop
        // the character if it is incomplete.
        var continuation = 0;
        var at = end;
        while (at >= 3 && form[at - 3] == '%' && HexByte(form.Slice(at - 2, 2)) is { } value)
        {
            if ((value & 0xC0) == 0x80)
            {
                continuation++;
                at -= 3;
                continue;
            }

            var expected = value >= 0xF0 ? 3 : value >= 0xE0 ? 2 : value >= 0xC0 ? 1 : 0;
            if (expected > continuation)
            {
                end = at - 3;
            }

            break;
        }

        return end;
    }

    private static int? HexByte(ReadOnlySpan<byte> hex) =>
        int.TryParse(System.Text.Encoding.ASCII.GetString(hex), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>ProblemDetails for the API; for the form, the site's page with the same words.</summary>
    public static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        if (context.Request.Path.StartsWithSegments(ApiPath, StringComparison.OrdinalIgnoreCase))
        {
            await Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
            return;
        }

        await MiddlewareViews.RenderAsync(context, ProblemView, status, new ProblemModel(status, title, detail));
    }
}

/// <summary>
/// Marks a form page that shows the visitor their own words when the body is over its limit (it
/// looks for <see cref="OversizedForm"/> before anything else) instead of a plain 413 page.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class GivesBackOversizedFormAttribute : Attribute;

/// <summary>The body was over <see cref="Limit"/> bytes: the form the page reads is the part that arrived first.</summary>
public sealed record OversizedForm(long Limit);

/// <summary>What the friendly 413/429 page shows.</summary>
public sealed record ProblemModel(int Status, string Title, string Detail);
