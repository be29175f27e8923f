using FacetEducation.Web.Admin;
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

        // Unlike a save, a restore of a condition article with errors says "pending" (the editor then lists
        // the errors beside the preview); kept as it is until the two are made one on purpose.
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

    /// <summary>What became of a version, in words: whether it is the live one, who signed it off and
    /// how, or what happened to it instead.</summary>
    public string Describe(Revision revision)
    {
        var history = State.History;
        switch (revision.Status)
        {
            case RevisionStatus.Published when revision.IsSignOff:
                var signedFrom = history.FirstOrDefault(r => r.Id == revision.SignedOffRevision);
                var kind = revision.Minor ? "as a minor change (review dates kept)"
                    : signedFrom?.IsLive == true ? "as a full review of the live version, with no change to the text"
                    : "as a full review";
                return $"Signed off by {revision.AuthorName ?? "a reviewer"} {kind}" + (signedFrom is { IsLive: false } ? $" (version {signedFrom.Id}, saved by {signedFrom.AuthorName ?? "someone"})" : "");
            case RevisionStatus.Published:
                return $"Published by {revision.AuthorName ?? "someone"}";
            case RevisionStatus.Outside:
                return HandEditRecorder.KindOf(history.LastOrDefault(r => r.Id < revision.Id && r.IsLive)) switch
                {
                    HandEdit.FirstSeen => "Found in content/",
                    _ => "Changed outside the editor",
                };
            case RevisionStatus.Discarded:
                return $"Thrown away by {revision.AuthorName ?? "someone"}";
            default:
                break;
        }

        if (history.FirstOrDefault(r => r.IsSignOff && r.SignedOffRevision == revision.Id) is { } signOff)
        {
            return $"Signed off as version {signOff.Id}";
        }

        var next = history.FirstOrDefault(r => r.Id > revision.Id && r.Status is RevisionStatus.Pending or RevisionStatus.Discarded or RevisionStatus.Outside);
        return next?.Status switch
        {
            RevisionStatus.Discarded => $"Not published: thrown away by {next.AuthorName ?? "someone"}",
            RevisionStatus.Pending => "Not published: replaced by a newer version before sign-off",
            RevisionStatus.Outside => "Not published: the file was changed outside the editor",
            _ => Id.Kind == Web.Content.ArticleKind.Condition ? "Waiting for sign-off" : "Saved, not published (has errors)",
        };
    }
}
