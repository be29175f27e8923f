using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Pages.Admin;

/// <summary>The clinic's details (<c>content/clinic.yml</c>) as a form. Its rules are the content
/// store's (<see cref="ClinicProfile.Read"/>), run on the YAML the form would write; no sign-off.</summary>
public sealed class ClinicModel(EditorDocuments documents, EditorAccounts accounts, ClinicClock clock, IOptions<ContentOptions> contentOptions, ContentStore store)
    : SiteFilePage(documents, accounts, clock, contentOptions)
{
    [BindProperty]
    public ClinicForm Form { get; set; } = new();

    public override DocumentId Id => DocumentId.Clinic;

    public async Task<IActionResult> OnGetAsync(string? saved)
    {
        await OpenAsync();
        var text = State?.WorkingText;
        var read = text is null ? null : ClinicProfile.Read(text);
        Form = ClinicForm.From(read?.Profile ?? store.Current.Clinic, State?.WorkingHash ?? string.Empty);
        // A version with problems (a hand edit, a restore) opens with them beside its fields.
        foreach (var problem in read?.Problems ?? [])
        {
            AddProblem(Form.FieldFor(problem), problem.Message);
        }

        SayOutcome(saved);
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync() => SaveFormAsync(replacing: null);

    /// <summary>"Keep mine, replace theirs": offered only after a refused stale save, naming the version it replaces.</summary>
    public Task<IActionResult> OnPostReplaceAsync(string theirs) => SaveFormAsync(theirs ?? string.Empty);

    /// <summary>"Add a service": the form again with one more empty row; nothing is saved.</summary>
    public IActionResult OnPostAddService()
    {
        Form.Normalised(extraServiceRows: 1);
        ModelState.Clear();
        return Page();
    }

    private async Task<IActionResult> SaveFormAsync(string? replacing)
    {
        await OpenAsync();
        var baseText = BaseText(Form.BaseHash);
        var basis = (baseText is null ? null : ClinicProfile.Read(baseText).Profile) ?? store.Current.Clinic;
        var (yaml, formProblems) = Form.ToYaml(baseText, basis);
        Form.Normalised();
        ModelState.Clear();
        foreach (var problem in formProblems.Concat(ClinicProfile.Read(yaml).Problems))
        {
            AddProblem(Form.FieldFor(problem), problem.Message);
        }

        if (Problems.Count > 0)
        {
            return Refused();
        }

        return await SaveAsync(yaml, replacing ?? Form.BaseHash, Form.ChangeSummary ?? "Clinic details edited") ?? Page();
    }
}
