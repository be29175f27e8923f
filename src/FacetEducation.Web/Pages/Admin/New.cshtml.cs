using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FacetEducation.Web.Pages.Admin;

public sealed class NewModel(EditorDocuments documents) : PageModel
{
    [BindProperty]
    public string Kind { get; set; } = "conditions";

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Slug { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!DocumentId.TryParseFolder(Kind, out _))
        {
            Errors["kind"] = "Choose what kind of article this is.";
        }

        if (string.IsNullOrWhiteSpace(Title))
        {
            Errors["title"] = "Give the article a title.";
        }

        var slug = string.IsNullOrWhiteSpace(Slug) ? SlugFrom(Title ?? "") : Slug.Trim();
        if (!DocumentId.TryCreate(Errors.ContainsKey("kind") ? "conditions" : Kind, slug, out var id))
        {
            Errors["slug"] = "The web address may use only lower-case letters, numbers and single hyphens, for example 'neck-pain' (no slashes or dots).";
        }
        else if (await documents.OpenAsync(id) is not null)
        {
            Errors["slug"] = $"There is already an article at {id.PublicUrl}: choose another web address, or edit that one.";
        }

        if (Errors.Count > 0)
        {
            Slug = slug;
            return Page();
        }

        return Redirect($"{id.EditUrl}?title={Uri.EscapeDataString(Title!.Trim())}");
    }

    public static string SlugFrom(string title) =>
        ImageUploads.Sanitise(title) is var s && s != "picture" ? s : "";

    public static IEnumerable<(string Folder, string Name)> Kinds() =>
        Enum.GetValues<ArticleKind>().Select(k => (k.Folder(), DocumentId.KindName(k)));
}
