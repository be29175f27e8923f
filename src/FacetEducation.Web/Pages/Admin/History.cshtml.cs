using FacetEducation.Web.Editor;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FacetEducation.Web.Pages.Admin;

public sealed class HistoryModel(EditorDocuments documents, EditorAccounts accounts) : PageModel
{
    public DocumentId Id { get; private set; } = null!;

    public DocumentState State { get; private set; } = null!;

    public Revision? From { get; private set; }

    public Revision? To { get; private set; }

    public IReadOnlyList<DiffLine>? Diff { get; private set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string folder, string slug, long? from, long? to)
    {
        if (await LoadAsync(folder, slug) is { } refused)
        {
            return refused;
        }

        var history = State.History;
        To = to is null ? history[^1] : history.FirstOrDefault(r => r.Id == to);
        From = from is null ? history.LastOrDefault(r => r.Id < (To?.Id ?? 0)) : history.FirstOrDefault(r => r.Id == from);
        if (To is not null)
        {
            Diff = TextDiff.Lines(From?.Text, To.Text);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync(string folder, string slug, long revisionId, string? baseHash)
    {
        if (await LoadAsync(folder, slug) is { } refused)
        {
            return refused;
        }

        var result = await documents.RestoreAsync(Id, revisionId, baseHash ?? string.Empty, accounts.Current(User)!);
        if (result.Outcome == SaveOutcome.Stale)
        {
            Message = "Not restored: a newer version was saved while you were looking at the history. Look again, then restore.";
            State = (await documents.OpenAsync(Id))!;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        var saved = result.Outcome switch
        {
            SaveOutcome.Published => "published",
            SaveOutcome.AwaitingSignOff => "pending",
            SaveOutcome.SavedWithErrors => "errors",
            _ => "nochange",
        };
        return Redirect($"{Id.EditUrl}?saved={saved}");
    }

    private async Task<IActionResult?> LoadAsync(string folder, string slug)
    {
        if (!DocumentId.TryCreate(folder, slug, out var id))
        {
            return NotFound();
        }

        Id = id;
        if (await documents.OpenAsync(id) is not { } state)
        {
            return NotFound();
        }

        State = state;
        return null;
    }

    public static string Describe(Revision revision) => revision.Status switch
    {
        RevisionStatus.Pending => "Saved, not published",
        RevisionStatus.Published => "Published by the editor",
        _ => "Changed outside the editor",
    };
}
