using System.Text;
using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Pages.Admin;

/// <summary>
/// What the forms for the clinic's settings files (<c>/admin/clinic</c>, <c>/admin/synonyms</c>) share:
/// opening the file through <see cref="EditorDocuments"/> (which records a hand edit first), saving
/// through its one save path (revision, checks, atomic write, reload; no sign-off), the stale-save
/// refusal with both versions shown and "Keep mine, replace theirs", and problems shown beside fields.
/// </summary>
public abstract class SiteFilePage(EditorDocuments documents, EditorAccounts accounts, ClinicClock clock, IOptions<ContentOptions> contentOptions)
    : PageModel
{
    protected EditorDocuments Documents => documents;

    public abstract DocumentId Id { get; }

    public DocumentState? State { get; protected set; }

    public string? Message { get; protected set; }

    public bool MessageIsError { get; protected set; }

    /// <summary>After a refused stale save: what the other person changed, and how yours differs.</summary>
    public IReadOnlyList<DiffLine>? TheirChanges { get; private set; }

    public IReadOnlyList<DiffLine>? YourChanges { get; private set; }

    /// <summary>After a refused stale save: the hash of the newest version, which "Keep mine, replace theirs" names.</summary>
    public string? TheirHash { get; private set; }

    /// <summary>Problems by the id of the field they belong beside; those of the file as a whole under "".</summary>
    public Dictionary<string, List<string>> Problems { get; } = new(StringComparer.Ordinal);

    public IEnumerable<string> ProblemsFor(string field) => Problems.TryGetValue(field, out var list) ? list : [];

    protected void AddProblem(string? field, string message)
    {
        if (!Problems.TryGetValue(field ?? string.Empty, out var list))
        {
            Problems[field ?? string.Empty] = list = [];
        }

        list.Add(message);
    }

    /// <summary>The text the form was opened from (the base of a save), found in the history by its hash;
    /// the newest version when the history does not have it.</summary>
    protected string? BaseText(string baseHash) =>
        State?.History.LastOrDefault(r => r.Hash == baseHash)?.Text ?? State?.WorkingText;

    protected async Task OpenAsync() => State = await documents.OpenAsync(Id);

    /// <summary>Saves <paramref name="text"/> made from the version <paramref name="baseHash"/>: a redirect
    /// with the outcome, or null with the page set to say why not (a newer version, or checks that fail).</summary>
    protected async Task<IActionResult?> SaveAsync(string text, string baseHash, string? summary)
    {
        // The content store does not read a file over its size limit, so none is written.
        var (bytes, limit) = (Encoding.UTF8.GetByteCount(text), contentOptions.Value.MaxFileBytes);
        if (bytes > limit)
        {
            AddProblem(null, $"The file would be {bytes / 1024} KB; the limit is {limit / 1024} KB. Shorten the longest texts.");
            Refused();
            return null;
        }

        var me = accounts.Current(User)!;
        var result = await documents.SaveAsync(Id, text, baseHash, me, summary ?? string.Empty, minor: false);
        switch (result.Outcome)
        {
            case SaveOutcome.Published or SaveOutcome.NoChange:
                return Redirect(Id.EditUrl + (result.Outcome == SaveOutcome.Published ? "?saved=published" : "?saved=nochange"));
            case SaveOutcome.Stale:
                var current = result.Current!;
                Message = StaleSaveMessage.For(current.Working!, me.UserName, clock.TimeZone);
                MessageIsError = true;
                TheirChanges = result.BaseText is null ? null : TextDiff.Lines(result.BaseText, current.WorkingText);
                YourChanges = TextDiff.Lines(current.WorkingText, text);
                State = current;
                // The form keeps the version it was opened from, so a plain Save from it is refused again.
                TheirHash = current.WorkingHash;
                Response.StatusCode = StatusCodes.Status409Conflict;
                return null;
            default:
                // The form checks with the same rules before it saves, so this is a version that changed in between.
                foreach (var finding in result.Report?.Findings ?? [])
                {
                    AddProblem(null, finding.Message);
                }

                Message = "Saved in the history but not published: the checks found problems, listed below.";
                MessageIsError = true;
                return null;
        }
    }

    /// <summary>The message after a redirect from a save or a restore.</summary>
    protected void SayOutcome(string? saved)
    {
        Message = saved switch
        {
            "published" => "Saved. The website uses the new version now.",
            "nochange" => "Nothing was saved: nothing had changed.",
            "errors" => "This version was restored into the history, but it has problems, so the website still uses the last good version. Correct the problems shown and save.",
            _ => null,
        };
        MessageIsError = saved == "errors";
    }

    /// <summary>Refuses the form with the problems found, keeping every value typed.</summary>
    protected IActionResult Refused()
    {
        Message = "Not saved: some details need correcting. Everything you typed is still in the form.";
        MessageIsError = true;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
