using FacetEducation.Web.Admin;
using FacetEducation.Web.Content;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FacetEducation.Web.Pages.Admin;

/// <remarks>The form limit is generous so that an oversized picture reaches the size check and gets
/// a clear message; the configured limit (<c>Editor:MaxUploadBytes</c>) is what decides.</remarks>
[RequestFormLimits(MultipartBodyLengthLimit = 64 * 1024 * 1024)]
[RequestSizeLimit(64 * 1024 * 1024)]
public sealed class ImagesModel(ImageUploads uploads, ContentStore store) : PageModel
{
    public UploadResult? Result { get; private set; }

    public string? ReturnUrl { get; private set; }

    public IReadOnlyList<string> Existing { get; private set; } = [];

    /// <summary>What was typed, put back in the form after a refused upload (a browser never keeps a file).</summary>
    public string? Alt { get; private set; }

    public string? Name { get; private set; }

    public int MaxMegabytes => uploads.MaxBytes / 1024 / 1024;

    public void OnGet(string? returnUrl)
    {
        ReturnUrl = SafeReturn(returnUrl);
        ListExisting();
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, string? name, string? alt, string? returnUrl)
    {
        Result = await uploads.SaveAsync(file, name, alt, HttpContext.RequestAborted);
        if (Request.Headers["X-Requested-With"] == "fetch")
        {
            return new JsonResult(Result) { StatusCode = Result.Saved ? 200 : 400 };
        }

        ReturnUrl = SafeReturn(returnUrl);
        ListExisting();
        if (!Result.Saved)
        {
            (Alt, Name) = (alt, name);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    private void ListExisting()
    {
        var folder = Path.Combine(store.Root, "images");
        Existing = Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>().Where(store.ImageExists).Order(StringComparer.Ordinal)]
            : [];
    }

    private string? SafeReturn(string? url) =>
        url is not null && Url.IsLocalUrl(url) && url.StartsWith("/admin/", StringComparison.Ordinal) ? url : null;
}
