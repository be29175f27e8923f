using FacetEducation.Web.Data;
using FacetEducation.Web.Data.Postgres;
using FacetEducation.Web.Seo;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Admin;

public static class EditorAuth
{
    public const string Scheme = "FacetEditor";
    public const string Policy = "Editor";
    public const string SignInPath = "/admin/sign-in";
}

public static class AdminServiceCollectionExtensions
{
    /// <summary>Accounts, cookie sign-in, revisions (in the data folder or the shared database), sign-off and uploads.</summary>
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddOptions<EditorOptions>()
            .BindConfiguration(EditorOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EditorOptions>, EditorOptionsValidator>();

        services.AddSingleton<EditorDatabase>();
        // The editor's data: the data folder's editor.db, or the shared database with Data:Provider=Postgres.
        services.AddSingleton<IEditorDatabase>(sp => sp.GetRequiredService<IOptions<DataOptions>>().Value.Provider == DataProvider.Postgres
            ? ActivatorUtilities.CreateInstance<PostgresEditorDatabase>(sp)
            : sp.GetRequiredService<EditorDatabase>());
        // Unhealthy when editing is paused or the data folder cannot be written; Degraded when it is nearly full.
        services.AddHealthChecks().AddCheck<DataStoreHealthCheck<IEditorDatabase>>("editor-data");
        services.AddSingleton<RevisionStore>();
        // Which review claims in content/ a sign-off backs: the public pages show only those as reviews.
        services.AddSingleton<ReviewRecords>();
        services.TryAddSingleton<IPasswordHasher<EditorAccount>, PasswordHasher<EditorAccount>>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<EditorSessions>();
        // Passwords chosen in the editor and reset links; the configured hash still wins when it changes.
        services.AddSingleton<EditorPasswords>();
        services.AddSingleton<EditorAccounts>();
        services.AddSingleton<PasswordResetLinks>();
        services.AddSingleton<DocumentFiles>();
        // The one place a change made to content/ outside the editor becomes a revision.
        services.AddSingleton<HandEditRecorder>();
        // One writer of content/ and the history: a semaphore, and on PostgreSQL an advisory lock across instances.
        services.AddSingleton<ContentWriteLock>();
        services.AddSingleton<EditorDocuments>();
        services.AddSingleton<EditorDashboard>();
        // Pictures: uploads wait unpublished in content/.unpublished-images/ until a version using them goes live.
        services.AddSingleton<PictureFolders>();
        services.AddSingleton<PictureUses>();
        services.AddSingleton<ImageUploads>();
        services.AddSingleton<RescuedDrafts>();
        // Reviewers with an email address hear of versions waiting for them and of reviews coming due.
        services.AddSingleton<ReviewReminders>();
        services.AddHostedService(sp => sp.GetRequiredService<ReviewReminders>());
        // Hand edits to content/ go into the history when the watcher sees them, off the request path.
        services.AddHostedService<HandEditWatcher>();
        // Sign-offs scheduled to go live later, and the service that puts them on the site at their time.
        services.AddSingleton<ScheduledPublications>();
        services.AddHostedService<ScheduledPublisher>();

        services.AddAuthentication(EditorAuth.Scheme)
            .AddCookie(EditorAuth.Scheme, _ => { });
        services.AddOptions<CookieAuthenticationOptions>(EditorAuth.Scheme)
            .Configure<IOptions<EditorOptions>>((cookie, editor) =>
            {
                cookie.Cookie.Name = "facet_editor";
                cookie.Cookie.Path = "/admin";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = EditorAuth.SignInPath;
                cookie.LogoutPath = "/admin/sign-out";
                cookie.AccessDeniedPath = EditorAuth.SignInPath;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(editor.Value.SessionHours);
                cookie.SlidingExpiration = true;
                cookie.Events.OnValidatePrincipal = async context =>
                {
                    // A removed account, a changed password hash or an ended session (signed out)
                    // loses its way in at once, whoever holds a copy of the cookie.
                    var accounts = context.HttpContext.RequestServices.GetRequiredService<EditorAccounts>();
                    if (!await accounts.IsValidAsync(context.Principal))
                    {
                        context.RejectPrincipal();
                    }
                };
                cookie.Events.OnRedirectToLogin = async context =>
                {
                    // The handler builds the address from the request's Host; the site's own address replaces it.
                    context.RedirectUri = context.HttpContext.RequestServices.GetRequiredService<SiteUrls>().Rebase(context.Request, context.RedirectUri);
                    // The live preview's fetch gets a plain 401, so the script can say "sign in again"
                    // instead of showing the sign-in page inside the preview.
                    if (context.Request.Headers["X-Requested-With"] == "fetch")
                    {
                        context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>()?.Enabled = false;
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    }
                    else
                    {
                        // An editor form posted after the sign-in ran out is kept for after signing in again.
                        context.Response.Redirect(await DraftRescue.TryRescueAsync(context) ?? context.RedirectUri);
                    }
                };
                cookie.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.Redirect(context.HttpContext.RequestServices.GetRequiredService<SiteUrls>().Rebase(context.Request, context.RedirectUri));
                    return Task.CompletedTask;
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(EditorAuth.Policy, policy => policy.RequireAuthenticatedUser().RequireRole(EditorRoles.Editor, EditorRoles.Reviewer));
        services.Configure<RazorPagesOptions>(options =>
        {
            options.Conventions.AuthorizeFolder("/Admin", EditorAuth.Policy);
            options.Conventions.AllowAnonymousToPage("/Admin/SignIn");
            options.Conventions.AllowAnonymousToPage("/Admin/ResetPassword");
        });
        return services;
    }

    /// <summary>Headers that keep admin pages out of every cache, and their bodies uncompressed.</summary>
    public static WebApplication UseAdminNoStore(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase))
            {
                // Admin pages carry antiforgery tokens and unpublished text: never cached, and never
                // compressed (compressing secrets next to attacker-chosen text invites BREACH).
                if (context.Features.Get<IHttpsCompressionFeature>() is { } compression)
                {
                    compression.Mode = HttpsCompressionMode.DoNotCompress;
                }

                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.CacheControl = "no-store";
                    context.Response.Headers.Pragma = "no-cache";
                    context.Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
        return app;
    }

    private sealed class EditorOptionsValidator : IValidateOptions<EditorOptions>
    {
        public ValidateOptionsResult Validate(string? name, EditorOptions options)
        {
            var problems = options.Validate().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
