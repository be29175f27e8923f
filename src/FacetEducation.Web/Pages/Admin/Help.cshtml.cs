using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Markdown;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FacetEducation.Web.Pages.Admin;

/// <summary>The writing guide, <c>content/README.md</c>, rendered with the site's own Markdown, so what
/// it says about writing is shown the way the site shows it. Read at each request: the guide is
/// edited by hand beside the articles it describes.</summary>
public sealed class HelpModel(ContentStore store) : PageModel
{
    public const string GuideFile = "README.md";

    public IHtmlContent Guide { get; private set; } = HtmlString.Empty;

    public async Task<IActionResult> OnGetAsync()
    {
        var path = Path.Combine(store.Root, GuideFile);
        if (!System.IO.File.Exists(path))
        {
            return NotFound();
        }

        Guide = new HtmlString(Markdig.Markdown.ToHtml(await System.IO.File.ReadAllTextAsync(path, HttpContext.RequestAborted), ClinicMarkdown.Pipeline));
        return Page();
    }
}
