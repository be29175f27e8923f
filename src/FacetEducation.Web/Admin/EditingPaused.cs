using FacetEducation.Web.Data;
using FacetEducation.Web.Http;

namespace FacetEducation.Web.Admin;

/// <summary>What the "editing is paused" page says.</summary>
public sealed record EditingPausedModel(string Title, string Detail);

/// <summary>
/// <c>/admin</c> when the editor's database cannot be used: a clear 503 page instead of a 500.
/// Either the database could not be opened at start-up (editing is paused until a restart; the
/// log says which file and what to do), or a write failed because the disk is full, read-only or
/// failing (this request is answered so; the next may work once space is freed), or, with several
/// instances, the content write lock could not be taken (<see cref="ContentWriteLockException"/>)
/// or the shared database that holds the editor's data could not be reached.
/// </summary>
internal static class EditingPaused
{
    private const string View = "/Pages/Admin/_Paused.cshtml";

    public static WebApplication UseEditingPaused(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            if (context.RequestServices.GetRequiredService<IEditorDatabase>().Problem is not null)
            {
                await WriteAsync(context, "Editing is paused",
                    "The editor's database could not be opened when the site started, so editing is paused. The public website is working as usual. Whoever runs the site will find the file and what to do in the site's log; editing comes back when the site is restarted after that.");
                return;
            }

            try
            {
                await next(context);
            }
            catch (ContentWriteLockException ex) when (!context.Response.HasStarted)
            {
                context.RequestServices.GetRequiredService<ILogger<EditorDatabase>>()
                    .LogError("Editor request {Path} failed: the content write lock could not be taken ({Reason})", context.Request.Path.Value, ex.Message);
                await WriteAsync(context, "Editing is paused for a moment: another copy of the site is saving, or the shared database cannot be reached",
                    "What you just did was not saved. Go back in your browser to copy any text you typed, and try again in a minute. If this keeps happening, ask whoever runs the site to check the shared database.");
            }
            catch (Exception ex) when (SharedDatabaseFailure(ex) is { } failure && !context.Response.HasStarted)
            {
                // Data:Provider=Postgres: the editor's data and the forms' key ring are in the shared database, not the data folder.
                context.RequestServices.GetRequiredService<ILogger<EditorDatabase>>()
                    .LogError("Editor request {Path} failed: the shared database could not be used ({Reason})", context.Request.Path.Value, Data.Postgres.ClinicDatabase.Reason(failure));
                await WriteAsync(context, "Editing is paused for a moment: the shared database cannot be reached",
                    "What you just did was not saved. Go back in your browser to copy any text you typed, and try again in a minute. If this keeps happening, ask whoever runs the site to check the shared database.");
            }
            catch (Exception ex) when (DataStores.IsStorageFailure(ex) && !context.Response.HasStarted)
            {
                context.RequestServices.GetRequiredService<ILogger<EditorDatabase>>()
                    .LogError("Editor request {Path} failed: the data folder could not be written ({Reason})", context.Request.Path.Value, DataStores.Reason(ex));
                await WriteAsync(context, "Editing is paused: the data folder is full or cannot be written",
                    "What you just did was not saved. Go back in your browser to copy any text you typed, and ask whoever runs the site to free some disk space or check the data folder; then try again.");
            }
        });
        return app;
    }

    /// <summary>The shared database's error behind <paramref name="exception"/>, if that is what it is
    /// (data protection wraps a key ring that cannot be read in its own exception).</summary>
    private static Npgsql.NpgsqlException? SharedDatabaseFailure(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is Npgsql.NpgsqlException npgsql)
            {
                return npgsql;
            }
        }

        return null;
    }

    private static async Task WriteAsync(HttpContext context, string title, string detail)
    {
        context.Response.Clear();
        context.Response.Headers.RetryAfter = "300";
        await MiddlewareViews.RenderAsync(context, View, StatusCodes.Status503ServiceUnavailable, new EditingPausedModel(title, detail));
    }
}
