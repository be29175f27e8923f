using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace FacetEducation.Web.Admin;

/// <summary>
/// When the editor form is posted (Save, Preview or Add a source) after the sign-in has run out, the text would be
/// lost on the way to the sign-in page. Instead, if the request still carries the run-out sign-in
/// cookie of an account that still exists, and the form's antiforgery token matches that sign-in,
/// the form is kept as a <see cref="RescuedDrafts">rescued draft</see> and the sign-in page leads
/// back to the editor with it. Anything else (no cookie, a cookie that does not decrypt, an unknown
/// user, a cross-site post) keeps nothing: the plain redirect to sign-in.
/// </summary>
internal static class DraftRescue
{
    /// <summary>A sign-in that ran out longer ago than this no longer rescues anything.</summary>
    public static readonly TimeSpan MaxSinceExpiry = TimeSpan.FromDays(7);

    private static readonly string[] RescuedHandlers = ["Save", "Preview", "AddSource"];

    /// <summary>The sign-in address to send this request to instead of <see cref="RedirectContext{T}.RedirectUri"/>,
    /// with a <c>draft</c> id in its return address; null when nothing was (or could be) rescued.</summary>
    public static async Task<string?> TryRescueAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!HttpMethods.IsPost(request.Method) || !IsEditorPost(request, out var document))
        {
            return null;
        }

        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DraftRescue));
        var options = context.Options;
        var cookie = options.CookieManager.GetRequestCookie(http, options.Cookie.Name!);
        if (string.IsNullOrEmpty(cookie))
        {
            return null;
        }

        var ticket = options.TicketDataFormat.Unprotect(cookie);
        var accounts = http.RequestServices.GetRequiredService<EditorAccounts>();
        var account = accounts.Find(ticket?.Principal.Identity?.Name);
        var now = (options.TimeProvider ?? http.RequestServices.GetRequiredService<TimeProvider>()).GetUtcNow();
        // A sign-in that was ended (signed out, or its password hash changed) rescues nothing either.
        if (ticket is null || account is null || ticket.Principal.Identity?.AuthenticationType != EditorAuth.Scheme
            || ticket.Properties.ExpiresUtc is not { } expires || now - expires > MaxSinceExpiry
            || !await accounts.IsValidAsync(ticket.Principal))
        {
            logger.LogInformation("Editor form for {Path} posted without a usable sign-in cookie: nothing rescued", document.RelativePath);
            return null;
        }

        if (!request.HasFormContentType)
        {
            return null;
        }

        IFormCollection posted;
        try
        {
            // The site's request and form limits apply here as they do to the page itself.
            posted = await request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException or OperationCanceledException)
        {
            logger.LogWarning("Editor form for {Path} from {User} could not be read after the sign-in ran out: {Reason}",
                document.RelativePath, account.UserName, e.GetType().Name);
            return null;
        }

        if (!await AntiforgeryMatchesAsync(http, ticket.Principal))
        {
            logger.LogWarning("Editor form for {Path} claiming {User} failed the antiforgery check: nothing rescued",
                document.RelativePath, account.UserName);
            return null;
        }

        var drafts = http.RequestServices.GetRequiredService<RescuedDrafts>();
        var form = RescuedDrafts.FormFrom(posted);
        if (!drafts.WithinSizeLimit(form))
        {
            logger.LogWarning("Editor form for {Path} from {User} is over the size limit: not rescued", document.RelativePath, account.UserName);
            return null;
        }

        var id = await drafts.SaveAsync(account, document, form);
        logger.LogInformation("Sign-in of {User} had run out: kept their unsaved form for {Path} as rescued draft {DraftId}",
            account.UserName, document.RelativePath, id);
        var signIn = new Uri(context.RedirectUri, UriKind.RelativeOrAbsolute);
        var signInPath = signIn.IsAbsoluteUri ? signIn.GetLeftPart(UriPartial.Path) : context.RedirectUri.Split('?')[0];
        var returnUrl = $"{request.PathBase}{document.EditUrl}?draft={id}";
        return signInPath + QueryString.Create(options.ReturnUrlParameter, returnUrl);
    }

    /// <summary>Save, Preview or Add a source on <c>/admin/edit/{folder}/{slug}</c>, the only forms that carry an article.</summary>
    private static bool IsEditorPost(HttpRequest request, out DocumentId document)
    {
        document = null!;
        var handler = request.Query["handler"];
        if (handler.Count != 1 || !RescuedHandlers.Contains(handler[0], StringComparer.OrdinalIgnoreCase)
            || !request.Path.StartsWithSegments("/admin/edit", StringComparison.OrdinalIgnoreCase, out var rest))
        {
            return false;
        }

        var parts = (rest.Value ?? string.Empty).Split('/');
        return parts.Length == 3 && parts[0].Length == 0 && DocumentId.TryCreate(parts[1], parts[2], out document);
    }

    /// <summary>The form's antiforgery token checked against the run-out sign-in, as if it were still current.</summary>
    private static async Task<bool> AntiforgeryMatchesAsync(HttpContext http, System.Security.Claims.ClaimsPrincipal principal)
    {
        var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
        var user = http.User;
        http.User = principal;
        try
        {
            return await antiforgery.IsRequestValidAsync(http);
        }
        catch (Exception e) when (e is AntiforgeryValidationException or InvalidOperationException or InvalidDataException)
        {
            return false;
        }
        finally
        {
            http.User = user;
        }
    }
}
