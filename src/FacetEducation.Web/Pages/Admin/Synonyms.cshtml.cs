using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using FacetEducation.Web.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Pages.Admin;

/// <summary>The search synonyms (<c>content/synonyms.yml</c>) as a form, one group a row. Its rule is the
/// search's own reader (<see cref="SynonymsFile.Check"/>), run on the file the form would write.</summary>
public sealed class SynonymsModel(EditorDocuments documents, EditorAccounts accounts, ClinicClock clock, IOptions<ContentOptions> contentOptions)
    : SiteFilePage(documents, accounts, clock, contentOptions)
{
    [BindProperty]
    public SynonymsForm Form { get; set; } = new();

    public override DocumentId Id => DocumentId.Synonyms;

    public async Task<IActionResult> OnGetAsync(string? saved)
    {
        await OpenAsync();
        var text = State?.WorkingText ?? string.Empty;
        Form = SynonymsForm.From(text, State?.WorkingHash ?? string.Empty);
        var read = SynonymsFile.Check(text);
        if (read.Problem is { } problem)
        {
            AddProblem(Form.FieldFor(read), problem);
        }

        SayOutcome(saved);
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync() => SaveFormAsync(replacing: null);

    /// <summary>"Keep mine, replace theirs": offered only after a refused stale save, naming the version it replaces.</summary>
    public Task<IActionResult> OnPostReplaceAsync(string theirs) => SaveFormAsync(theirs ?? string.Empty);

    /// <summary>"Add a group": the form again with one more empty row; nothing is saved.</summary>
    public IActionResult OnPostAddRow()
    {
        Form.Normalised(extra: 1);
        ModelState.Clear();
        return Page();
    }

    private async Task<IActionResult> SaveFormAsync(string? replacing)
    {
        await OpenAsync();
        var text = Form.ToYaml(BaseText(Form.BaseHash));
        ModelState.Clear();
        var read = SynonymsFile.Check(text);
        if (read.Problem is { } problem)
        {
            AddProblem(Form.FieldFor(read), problem);
            Form.Normalised();
            return Refused();
        }

        Form.Normalised();
        return await SaveAsync(text, replacing ?? Form.BaseHash, Form.ChangeSummary ?? "Search synonyms edited") ?? Page();
    }
}
