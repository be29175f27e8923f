using Microsoft.Net.Http.Headers;

namespace FacetEducation.Web.Http;

/// <summary>
/// Bodiless error responses (a 404 from routing, a 405 or 415 from an endpoint) get a body that
/// suits who asked. A browser asking for a page gets the friendly "not found" page, re-executed in
/// place; anything else gets ProblemDetails. Re-execution keeps the request's method, so it is only
/// safe for GET and HEAD: a POST re-executed as <c>POST /not-found</c> meets the page's antiforgery
/// check and answers 400 instead of the real status.
/// </summary>
internal static class StatusCodePages
{
    public const string NotFoundPage = "/not-found";
    public const string ApiPrefix = "/api";

    private static readonly MediaTypeHeaderValue Html = new("text/html");

    /// <summary>Needs <c>AddProblemDetails()</c>, which the framework's plain status-code page uses when it is there.</summary>
    public static WebApplication UseClinicStatusCodePages(this WebApplication app)
    {
        app.UseWhen(WantsPage, page => page.UseStatusCodePagesWithReExecute(NotFoundPage));
        app.UseWhen(context => !WantsPage(context), other => other.UseStatusCodePages());
        return app;
    }

    /// <summary>A GET or HEAD for a page (not under <c>/api</c>) from a client that takes HTML.</summary>
    public static bool WantsPage(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || request.Path.StartsWithSegments(ApiPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // No Accept header means anything will do; */* and text/* include HTML.
        var accept = request.Headers.Accept;
        if (accept.Count == 0)
        {
            return true;
        }

        return MediaTypeHeaderValue.TryParseList(accept, out var ranges)
            && ranges.Any(range => range.Quality is not 0 && Html.IsSubsetOf(range));
    }
}
