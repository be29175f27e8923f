using System.Text;
using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;
using FacetEducation.Web.Editor;
using FacetEducation.Web.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Pages.Admin;

public sealed class EditModel(
    EditorDocuments documents,
    EditorAccounts accounts,
    ContentStore store,
    SiteUrls urls,
    RescuedDrafts rescuedDrafts,
    IOptions<ContentOptions> contentOptions,
    ILogger<EditModel> logger) : PageModel
{
    [BindProperty]
    public EditorForm Form { get; set; } = new();

    public DocumentId Id { get; private set; } = null!;

    public DocumentState? State { get; private set; }

    public EditorAccount Me { get; private set; } = null!;

    public EditorPreview? Preview { get; private set; }

    public string? Message { get; private set; }

    public bool MessageIsError { get; private set; }

    /// <summary>After a refused stale save: what the other person changed, and how yours differs.</summary>
    public IReadOnlyList<DiffLine>? TheirChanges { get; private set; }

    public IReadOnlyList<DiffLine>? YourChanges { get; private set; }

    /// <summary>For the reviewer: the pending version against the published one.</summary>
    public IReadOnlyList<DiffLine>? PendingChanges { get; private set; }

    public Dictionary<string, List<string>> FieldErrors { get; } = new(StringComparer.Ordinal);

    /// <summary>Set after a successful save, so the browser's copy of the unsaved draft is dropped.</summary>
    public bool ClearDraft { get; private set; }

    public string ReviewIntervalText => documents.ReviewIntervalMonths % 12 == 0
        ? $"{documents.ReviewIntervalMonths / 12} year(s)"
        : $"{documents.ReviewIntervalMonths} months";

    public IEnumerable<string> ErrorsFor(string field) => FieldErrors.TryGetValue(field, out var list) ? list : [];

    public async Task<IActionResult> OnGetAsync(string folder, string slug, string? title, string? saved, string? draft)
    {
        if (await LoadAsync(folder, slug) is { } refused)
        {
            return refused;
        }

        if (draft is not null)
        {
            return await OpenRescuedDraftAsync(draft, title);
        }

        string text;
        if (State is null)
        {
            if (string.IsNullOrWhiteSpace(title))
            {
                return NotFound();
            }

            text = Templates.For(Id.Kind, title.Trim(), Me.DisplayName, store.Today);
            Form = EditorForm.FromText(text, string.Empty);
        }
        else
        {
            text = State.WorkingText;
            Form = EditorForm.FromText(text, State.WorkingHash);
        }

        (Message, ClearDraft) = (SavedMessage(saved), saved is not null);
        BuildPreview(text);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(string folder, string slug)
    {
        if (await LoadAsync(folder, slug) is { } refused)
        {
            return refused;
        }

        var text = Form.ToText(State?.WorkingText ?? string.Empty);
        if (!WithinSizeLimit(text))
        {
            Preview = new EditorPreview(null, null, new CheckReport(null, [], null), 1, ErrorsFor("body").First());
        }
        else
        {
            BuildPreview(text);
        }

        return Request.Headers["X-Requested-With"] == "fetch" ? Partial("_EditorPreview", Preview) : Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string folder, string slug)
    {
        if (await LoadAsync(folder, slug) is { } refused)
        {
            return refused;
        }

        var text = Form.ToText(State?.WorkingText ?? string.Empty);
        if (!WithinSizeLimit(text))
        {
            Message = "Not saved: the text is too long. Your text is still in the form below.";
            MessageIsError = true;
            return Page();
        }

        var result = await documents.SaveAsync(Id, text, Form.BaseHash, Me, Form.ChangeSummary ?? string.Empty, Form.Minor);
        switch (result.Outcome)
        {
            case SaveOutcome.Stale:
                var current = result.Current!;
                var newest = current.Working!;
                var when = TimeZoneInfo.ConvertTime(newest.Created, store.TimeZone);
                Message = $"Not saved: {newest.AuthorName ?? "someone (outside the editor)"} saved a newer version at {when:HH:mm} on {when:d MMMM} after you opened this one. Nothing was overwritten and your text is still in the form. Compare the changes below, make the text what it should be, then save again.";
                MessageIsError = true;
                TheirChanges = result.BaseText is null ? null : TextDiff.Lines(result.BaseText, current.WorkingText);
                YourChanges = TextDiff.Lines(current.WorkingText, text);
                State = current;
                // A second save is a deliberate choice made after seeing the differences.
                Form.BaseHash = current.WorkingHash;
                ModelState.Remove("Form.BaseHash");
                BuildPreview(text);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            case SaveOutcome.NoChange:
                return Redirect(Id.EditUrl + "?saved=nochange");
            case SaveOutcome.Published:
                return Redirect(Id.EditUrl + "?saved=published");
            case SaveOutcome.AwaitingSignOff:
                return Redirect(Id.EditUrl + "?saved=pending");
            default:
                return Redirect(Id.EditUrl + "?saved=errors");
        }
    }

    public async Task<IActionResult> OnPostSignOffAsync(string folder, string slug, long revisionId, string? review)
    {
        if (await LoadAsync(folder, slug) is { } refused)
        {
            return refused;
        }

        var result = await documents.SignOffAsync(Id, revisionId, Me, minor: review == "minor");
        if (result.Done)
        {
            return Redirect(Id.EditUrl + (result.Message.Contains("minor", StringComparison.Ordinal) ? "?saved=signed-minor" : "?saved=signed-full"));
        }

        Message = "Not signed off: " + result.Message;
        MessageIsError = true;
        Form = EditorForm.FromText(State?.WorkingText ?? string.Empty, State?.WorkingHash ?? string.Empty);
        BuildPreview(State?.WorkingText ?? string.Empty);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>
    /// Puts back the form that was posted after the sign-in ran out (see <see cref="DraftRescue"/>).
    /// It is only shown, never saved: the clinician checks it and presses Save, and that save carries
    /// the fingerprint of the version they had opened, so a newer version is not overwritten unseen.
    /// </summary>
    private async Task<IActionResult> OpenRescuedDraftAsync(string draft, string? title)
    {
        var rescued = await rescuedDrafts.TakeAsync(draft, Id, Me);
        if (rescued is null)
        {
            logger.LogInformation("Rescued draft {DraftId} for {Path} not found for {User}", RescuedDrafts.IsWellFormed(draft) ? draft : "(malformed)", Id.RelativePath, Me.UserName);
            // A new article that was never saved starts again from the template, named after its address.
            Form = State is null
                ? EditorForm.FromText(Templates.For(Id.Kind, string.IsNullOrWhiteSpace(title) ? Id.Slug : title.Trim(), Me.DisplayName, store.Today), string.Empty)
                : EditorForm.FromText(State.WorkingText, State.WorkingHash);
            Message = "The unsaved changes from before your session ended could not be found: they may already have been put back, or be more than a day old. "
                + (State is null ? "The editor starts again from a blank article." : "The editor shows the last saved version.");
            BuildPreview(Form.ToText(State?.WorkingText ?? string.Empty));
            return Page();
        }

        logger.LogInformation("Rescued draft {DraftId} for {Path} put back in the editor for {User}", draft, Id.RelativePath, Me.UserName);
        Form = rescued;
        Message = "These are the unsaved changes you made before your session ended. They are not saved yet: check them and press Save.";
        if (State is not null && Form.BaseHash != State.WorkingHash)
        {
            Message += " Someone has saved a newer version since you opened this one, so Save will first show you what they changed.";
        }

        BuildPreview(Form.ToText(State?.WorkingText ?? string.Empty));
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string folder, string slug)
    {
        if (!DocumentId.TryCreate(folder, slug, out var id))
        {
            return NotFound();
        }

        if (accounts.Current(User) is not { } me)
        {
            return Challenge(EditorAuth.Scheme);
        }

        (Id, Me) = (id, me);
        State = await documents.OpenAsync(id);
        if (State is { Pending: { } pending, Live: var live } && id.Kind == ArticleKind.Condition)
        {
            PendingChanges = TextDiff.Lines(live?.Text, pending.Text);
        }

        return null;
    }

    private bool WithinSizeLimit(string text)
    {
        var limit = contentOptions.Value.MaxFileBytes;
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes <= limit)
        {
            return true;
        }

        FieldErrors["body"] = [$"The article is {bytes / 1024} KB; the limit is {limit / 1024} KB. Split it into two or more articles."];
        return false;
    }

    private void BuildPreview(string text)
    {
        var (report, checkedText) = documents.Check(Id, text);
        var view = report.Article is { } article ? ArticleView.Create(article, store.Current, store.Today, urls) : null;
        Preview = new EditorPreview(view, report.Html, report, ContentChecks.BodyFirstLine(checkedText));
        foreach (var finding in report.Findings.Where(f => f.Field != "body" && f.Level != FindingLevel.Info))
        {
            var field = finding.Field == "frontMatter" && Form.FrontMatterYaml is null ? "general" : finding.Field;
            if (!FieldErrors.TryGetValue(field, out var list))
            {
                FieldErrors[field] = list = [];
            }

            list.Add(finding.Message);
        }
    }

    private string? SavedMessage(string? saved) => saved switch
    {
        "published" => "Saved and published: the public page shows the change now.",
        "pending" => "Saved. The public page keeps the signed-off version until a reviewer signs off this one.",
        "errors" => "Saved, but not published: fix the errors listed beside the preview, then save again.",
        "nochange" => "Nothing had changed, so nothing was saved.",
        "signed-full" => $"Signed off as a full review and published. Next review due {store.Today.AddMonths(documents.ReviewIntervalMonths):d MMMM yyyy}.",
        "signed-minor" => "Signed off as a minor change and published. The review dates are unchanged.",
        "restored" => "The old version is now the newest version.",
        _ => null,
    };
}
