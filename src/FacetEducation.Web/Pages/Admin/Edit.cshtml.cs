using System.Text;
using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;
using FacetEducation.Web.Pages.Shared;
using FacetEducation.Web.Seo;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Pages.Admin;

public sealed class EditModel(
    EditorDocuments documents,
    EditorAccounts accounts,
    ContentStore store,
    ClinicClock clock,
    SiteUrls urls,
    RescuedDrafts rescuedDrafts,
    IOptions<ContentOptions> contentOptions,
    PictureFolders pictures,
    ILogger<EditModel> logger) : PageModel
{
    [BindProperty]
    public EditorForm Form { get; set; } = new();

    public DocumentId Id { get; private set; } = null!;

    public DocumentState? State { get; private set; }

    public EditorAccount Me { get; private set; } = null!;

    public EditorPreview? Preview { get; private set; }

    public string? Message { get; private set; }

    /// <summary>A link shown after the message: the public page, once a sign-off has put it on the site.</summary>
    public (string Url, string Text)? MessageLink { get; private set; }

    /// <summary>Whether a minor change may be signed off: the article has had a full review here.</summary>
    public bool MinorChangeAllowed { get; private set; }

    /// <summary>The live version's review claim: signed off here, none, or written some other way.</summary>
    public ReviewStanding LiveStanding { get; private set; }

    /// <summary>Whether the version a reviewer would sign off is marked as a draft, so publishing or keeping
    /// it as a draft is theirs to choose.</summary>
    public bool SignedVersionIsDraft { get; private set; }

    /// <summary>Whether the article is on the public site now.</summary>
    public bool IsOnSite { get; private set; }

    public bool MessageIsError { get; private set; }

    /// <summary>After a refused stale save: what the other person changed, and how yours differs.</summary>
    public IReadOnlyList<DiffLine>? TheirChanges { get; private set; }

    public IReadOnlyList<DiffLine>? YourChanges { get; private set; }

    /// <summary>After a refused stale save: the hash of the newest version, which "Keep mine, replace theirs" names.</summary>
    public string? TheirHash { get; private set; }

    /// <summary>For the reviewer: the pending version against the published one.</summary>
    public IReadOnlyList<DiffLine>? PendingChanges { get; private set; }

    public Dictionary<string, List<string>> FieldErrors { get; } = new(StringComparer.Ordinal);

    /// <summary>The site's documents by title, for the link picker.</summary>
    public IReadOnlyList<LinkTarget> LinkChoices { get; private set; } = [];

    /// <summary>The articles and posts "Related articles" offers, by title.</summary>
    public IReadOnlyList<LinkTarget> RelatedChoices { get; private set; } = [];

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

            text = Templates.For(Id.Kind, title.Trim(), Me.DisplayName, clock.Today);
            Form = EditorForm.FromText(text, string.Empty);
        }
        else
        {
            text = State.WorkingText;
            Form = EditorForm.FromText(text, State.WorkingHash);
        }

        (Message, ClearDraft) = (SavedMessage(saved), saved is not null);
        if (saved is "signed-full" or "signed-minor" or "signed-unchanged" && IsOnSite)
        {
            MessageLink = (Id.PublicUrl, "See the public page");
        }

        BuildPreview(text);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(string folder, string slug)
    {
        if (await LoadAsync(folder, slug) is { } refused)
        {
            return refused;
        }

        ShowPreview();
        NoteSourceProblems();
        return Request.Headers["X-Requested-With"] == "fetch" ? Partial("_EditorPreview", Preview) : Page();
    }

    /// <summary>"Add a source": the form again with one more source row than it was posted with; nothing is saved.</summary>
    public async Task<IActionResult> OnPostAddSourceAsync(string folder, string slug)
    {
        var posted = Form.Sources.Count;
        if (await LoadAsync(folder, slug) is { } refused)
        {
            return refused;
        }

        Form.WithSourceRows(atLeast: posted + 1);
        ShowPreview();
        return Page();
    }

    /// <summary>The preview of the posted form, or why there is none.</summary>
    private void ShowPreview()
    {
        var text = Form.ToText(State?.WorkingText ?? string.Empty);
        if (!WithinSizeLimit(text))
        {
            Preview = new EditorPreview(null, null, new CheckReport(null, [], null), string.Empty, ErrorsFor("body").First());
        }
        else
        {
            BuildPreview(text);
        }
    }

    /// <summary>Puts the form's own problems with its sources (a year that is not one, an address that is
    /// not a web address) beside their fields; true when there are any.</summary>
    private bool NoteSourceProblems()
    {
        var problems = Form.SourceProblems(clock.Today);
        foreach (var (field, message) in problems)
        {
            AddError(field, message);
        }

        return problems.Count > 0;
    }

    private void AddError(string field, string message)
    {
        if (!FieldErrors.TryGetValue(field, out var list))
        {
            FieldErrors[field] = list = [];
        }

        list.Add(message);
    }

    public Task<IActionResult> OnPostSaveAsync(string folder, string slug) => SaveAsync(folder, slug, replacing: null);

    /// <summary>"Keep mine, replace theirs": offered only after a refused stale save, with both versions shown.
    /// It carries the hash of the version it replaces, so a version saved after that one is refused again.</summary>
    public Task<IActionResult> OnPostReplaceAsync(string folder, string slug, string theirs) => SaveAsync(folder, slug, theirs ?? string.Empty);

    private async Task<IActionResult> SaveAsync(string folder, string slug, string? replacing)
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

        if (NoteSourceProblems())
        {
            Message = "Not saved: a source needs correcting (the message is beside it). Everything you typed is still in the form below.";
            MessageIsError = true;
            BuildPreview(text);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var result = await documents.SaveAsync(Id, text, replacing ?? Form.BaseHash, Me, Form.ChangeSummary ?? string.Empty, Form.Minor);
        switch (result.Outcome)
        {
            case SaveOutcome.Stale:
                var current = result.Current!;
                Message = StaleSaveMessage.For(current.Working!, Me.UserName, clock.TimeZone);
                MessageIsError = true;
                TheirChanges = result.BaseText is null ? null : TextDiff.Lines(result.BaseText, current.WorkingText);
                YourChanges = TextDiff.Lines(current.WorkingText, text);
                State = current;
                // The form keeps the version it was opened from: every plain Save from it is refused, and only
                // the explicit replace button (which names the newest version) may overwrite.
                TheirHash = current.WorkingHash;
                BuildPreview(text);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                return Redirect(AfterSave(Id, result));
        }
    }

    /// <summary>Where a save (or a restore, which is one) goes next: the editor, with the outcome in its
    /// address for <see cref="SavedMessage"/> to word.</summary>
    public static string AfterSave(DocumentId id, SaveResult result) => id.EditUrl + "?saved=" + result.Outcome switch
    {
        SaveOutcome.NoChange => "nochange",
        SaveOutcome.Published => "published",
        // Said at the save, so the author fixes the errors before a reviewer is asked to sign.
        SaveOutcome.AwaitingSignOff => result.Report?.HasErrors == true ? "pending-errors" : "pending",
        _ => "errors",
    };

    public async Task<IActionResult> OnPostSignOffAsync(string folder, string slug, long revisionId, string? review, string? publication)
    {
        if (await LoadAsync(folder, slug) is { } refused)
        {
            return refused;
        }

        var kind = review == "minor" ? ReviewKind.Minor : ReviewKind.Full;
        Publication? chosen = publication switch
        {
            "publish" => Publication.Publish,
            "draft" => Publication.KeepAsDraft,
            _ => null,
        };
        var result = await documents.SignOffAsync(Id, revisionId, Me, kind, chosen);
        if (result.Done)
        {
            return Redirect(Id.EditUrl + result.Kind switch
            {
                SignOffKind.MinorChange => "?saved=signed-minor",
                SignOffKind.StillCorrect => "?saved=signed-unchanged",
                _ => "?saved=signed-full",
            });
        }

        Message = "Not signed off: " + result.Outcome switch
        {
            SignOffOutcome.NotAReviewer => "only a clinician with the reviewer role can sign off a condition article.",
            SignOffOutcome.AlreadySignedOff => "that version has been signed off already.",
            SignOffOutcome.Superseded => $"a newer version was saved by {result.Newer?.AuthorName ?? "someone"} after you opened this one, so this one was not signed off. Read the newer version below, then sign it off.",
            SignOffOutcome.FolderIsLink => $"content/{Id.Kind.Folder()}/ is a symbolic link, which the site never writes through, so nothing was published. Ask whoever runs the site to replace it with a real folder, then sign off again.",
            SignOffOutcome.HasErrors => "this version has errors, so it cannot be published. Fix them and save, then sign off.",
            SignOffOutcome.NoFullReviewYet => "a minor change keeps the reviewer and dates of the last full review, and this article has not had one signed off here. Sign it off as a full clinical review.",
            SignOffOutcome.PublicationNotChosen => "this version is marked as a draft. Choose whether to publish it or keep it as a draft, then sign off.",
            _ => "there is no version waiting for sign-off: it may have been signed off or thrown away already.",
        };
        MessageIsError = true;
        Form = EditorForm.FromText(State?.WorkingText ?? string.Empty, State?.WorkingHash ?? string.Empty);
        BuildPreview(State?.WorkingText ?? string.Empty);
        Response.StatusCode = result.Outcome == SignOffOutcome.NotAReviewer ? StatusCodes.Status403Forbidden : StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>Throws away the version waiting, back to the live one: no sign-off needed.</summary>
    public async Task<IActionResult> OnPostDiscardAsync(string folder, string slug, long revisionId)
    {
        if (await LoadAsync(folder, slug) is { } refused)
        {
            return refused;
        }

        var hadLive = State?.Live is not null;
        switch (await documents.DiscardAsync(Id, revisionId, Me))
        {
            case DiscardOutcome.Discarded:
                // An article never published is gone with its only draft: back to the dashboard.
                return Redirect(hadLive ? Id.EditUrl + "?saved=discarded" : "/admin?discarded=" + Uri.EscapeDataString(Id.RelativePath));
            case DiscardOutcome.Superseded:
                Message = "Not thrown away: a newer version was saved after you opened this one. Look at it below, then decide again.";
                break;
            default:
                Message = "There is no unsigned version to throw away: it may have been signed off or thrown away already.";
                break;
        }

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
                ? EditorForm.FromText(Templates.For(Id.Kind, string.IsNullOrWhiteSpace(title) ? Id.Slug : title.Trim(), Me.DisplayName, clock.Today), string.Empty)
                : EditorForm.FromText(State.WorkingText, State.WorkingHash);
            Message = "The unsaved changes from before your session ended could not be found: they may already have been put back, or be more than a day old. "
                + (State is null ? "The editor starts again from a blank article." : "The editor shows the last saved version.");
            BuildPreview(Form.ToText(State?.WorkingText ?? string.Empty));
            return Page();
        }

        logger.LogInformation("Rescued draft {DraftId} for {Path} put back in the editor for {User}", draft, Id.RelativePath, Me.UserName);
        Form = rescued.WithSourceRows();
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

        if (id.Kind == ArticleKind.Condition && State?.Working is { } working)
        {
            MinorChangeAllowed = documents.MinorChangeAllowed(id);
            LiveStanding = State.Live is { } liveVersion ? documents.StandingOf(id, liveVersion.Text) : ReviewStanding.NoClaim;
            SignedVersionIsDraft = DocumentText.ReadFrontMatter(DocumentText.Split(working.Text).Yaml, out _)?.Draft == true;
        }

        IsOnSite = PublicArticle() is not null;
        LinkChoices = LinkTargets.ForLinks(store.Current);
        RelatedChoices = LinkTargets.ForRelated(store.Current, id);
        // A posted form is shown again with its empty source row, whichever handler shows it.
        Form.WithSourceRows();

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
        // Pictures not public yet are shown from the editor's own address (PictureFolders.PreviewHtml).
        var view = report.Article is { } article
            ? ArticleView.Preview(article with { Html = pictures.PreviewHtml(article.Html) }, store.Current, clock.Today, urls)
            : null;
        Preview = new EditorPreview(view, report.Html is { } html ? pictures.PreviewHtml(html) : null, report, checkedText);
        foreach (var finding in report.Findings.Where(f => f.Field != "body" && f.Level != FindingLevel.Info))
        {
            AddError(finding.Field == "frontMatter" && Form.FrontMatterYaml is null ? "general" : finding.Field, finding.Message);
        }
    }

    /// <summary>The article as the public site has it now (from <c>content/</c>, not a draft), if it is there.</summary>
    private Article? PublicArticle()
    {
        var snapshot = store.Current;
        var article = Id.Kind switch
        {
            ArticleKind.Condition => snapshot.FindCondition(Id.Slug),
            ArticleKind.Post => snapshot.FindPost(Id.Slug, clock.Today),
            _ => snapshot.FindPage(Id.Slug),
        };
        return article?.SourcePath == Id.RelativePath ? article : null;
    }

    /// <summary>The words after a save or sign-off. A sign-off says "published" only when the page is on
    /// the site now, read from the content the public pages are made of.</summary>
    private string? SavedMessage(string? saved)
    {
        var signedAs = saved switch
        {
            "signed-full" => "Signed off as a full clinical review",
            "signed-minor" => "Signed off as a minor change",
            "signed-unchanged" => "Signed off as a full clinical review, with no change to the text",
            _ => null,
        };
        if (signedAs is not null)
        {
            var dates = saved == "signed-minor"
                ? " The reviewer and review dates of the last full review are kept; the page shows today as \"Last updated\"."
                : $" The review dates have moved on: next review due {Dates.Long(clock.Today.AddMonths(documents.ReviewIntervalMonths))}.";
            return IsOnSite ? $"{signedAs} and published: the public page shows it now.{dates}"
                : SignedVersionIsDraft ? $"{signedAs} and kept as a draft: it is not on the public site. To publish it, untick Draft, save, and sign that version off.{dates}"
                : $"{signedAs}, but the page is not on the public site: the site could not publish the file. Look at the dashboard for the reason.{dates}";
        }

        return saved switch
        {
            "published" => "Saved and published: the public page shows the change now.",
            "pending" => "Saved. The public page keeps the signed-off version until a reviewer signs off this one.",
            "errors" => "Saved, but not published: fix the errors listed beside the preview, then save again.",
            "pending-errors" => "Saved, but this version has errors, so a reviewer cannot sign it off: fix the errors listed beside the preview, then save again. The public page keeps the signed-off version.",
            "nochange" when Id.Kind == ArticleKind.Condition && State?.Pending is null && State?.Live is not null =>
                "Nothing had changed, so nothing was saved. If you have read it and it is still right, a reviewer can sign off a review of the published version below (\"Reviewed, still correct\").",
            "nochange" => "Nothing had changed, so nothing was saved.",
            "discarded" => "The unsigned version was thrown away. The editor shows the live version again; the public page did not change.",
            "restored" => "The old version is now the newest version.",
            _ => null,
        };
    }
}
