using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
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
        // (behind a proxy, the lead's forwarded-headers set-up makes this the visitor's address).
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
    /// Refuses bodies over the endpoint's <see cref="IRequestSizeLimitMetadata"/> with 413. The body
    /// is read here (at most the limit) rather than left to the server, so the limit holds for
    /// chunked bodies and in the test server too, and the answer is a page or ProblemDetails rather
    /// than a dropped connection.
    /// </summary>
    public static async Task LimitBodyAsync(HttpContext context, RequestDelegate next)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
        if (limit is not { } max || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        if (context.Request.ContentLength > max || !await BufferAsync(context, max))
        {
            await WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Your message is too large to send",
                $"The most we accept is {max / 1024} KB. Please shorten your message and send it again, or phone us.");
            return;
        }

        await next(context);
    }

    private static async Task<bool> BufferAsync(HttpContext context, long max)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = max + 1;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > max)
            {
                return false;
            }
        }

        buffer.Position = 0;
        context.Request.Body = buffer;
        context.Response.RegisterForDispose(buffer);
        return true;
    }

    /// <summary>ProblemDetails for the API; for the form, the site's page with the same words.</summary>
    public static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        if (context.Request.Path.StartsWithSegments(ApiPath, StringComparison.OrdinalIgnoreCase))
        {
            await Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
            return;
        }

        var services = context.RequestServices;
        var view = new ViewResult
        {
            ViewName = ProblemView,
            StatusCode = status,
            ViewData = new ViewDataDictionary<ProblemModel>(services.GetRequiredService<IModelMetadataProvider>(), new ModelStateDictionary())
            {
                Model = new ProblemModel(status, title, detail),
            },
        };
        await view.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }
}

/// <summary>What the friendly 413/429 page shows.</summary>
public sealed record ProblemModel(int Status, string Title, string Detail);
