using FacetEducation.Web.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FacetEducation.Web.Pages.Admin;

/// <remarks>The form limit is generous so that an oversized picture reaches the size check and gets
/// a clear message; the configured limit (<c>Editor:MaxUploadBytes</c>) is what decides.</remarks>
[RequestFormLimits(MultipartBodyLengthLimit = 64 * 1024 * 1024)]
[RequestSizeLimit(64 * 1024 * 1024)]
public sealed class ImagesModel(ImageUploads uploads, PictureFolders pictures, PictureUses uses) : PageModel
{
    /// <summary>The types the public endpoint serves (<see cref="Content.ContentImages"/>): nothing else is handed out here either.</summary>
    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".webp"] = "image/webp",
    };

    public UploadResult? Result { get; private set; }

    public string? ReturnUrl { get; private set; }

    /// <summary>Every stored picture, with where it is used (an empty list: unused, so it may be deleted).</summary>
    public IReadOnlyList<(StoredPicture Picture, IReadOnlyList<PictureUse> Uses)> Existing { get; private set; } = [];

    /// <summary>What was typed, put back in the form after a refused upload (a browser never keeps a file).</summary>
    public string? Alt { get; private set; }

    public string? Name { get; private set; }

    /// <summary>The picture whose deletion is being confirmed (or was refused), with its uses.</summary>
    public (StoredPicture Picture, IReadOnlyList<PictureUse> Uses)? Deleting { get; private set; }

    /// <summary>The name of the picture just deleted.</summary>
    public string? Deleted { get; private set; }

    public int MaxMegabytes => uploads.MaxBytes / 1024 / 1024;

    public async Task OnGetAsync(string? returnUrl, string? delete, string? deleted)
    {
        ReturnUrl = SafeReturn(returnUrl);
        await ListExistingAsync();
        // The confirmation is a page of its own (a link, then a form): it works without JavaScript.
        Deleting = Existing.FirstOrDefault(e => e.Picture.Name == delete) is { Picture: not null } chosen ? chosen : null;
        Deleted = deleted is not null && !pictures.Exists(deleted) ? deleted : null;
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, string? name, string? alt, string? returnUrl)
    {
        Result = await uploads.SaveAsync(file, name, alt, HttpContext.RequestAborted);
        if (Request.Headers["X-Requested-With"] == "fetch")
        {
            return new JsonResult(Result) { StatusCode = Result.Saved ? 200 : 400 };
        }

        ReturnUrl = SafeReturn(returnUrl);
        await ListExistingAsync();
        if (!Result.Saved)
        {
            (Alt, Name) = (alt, name);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>Deletes an unused picture; a used one is refused, with where it is used.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(string? name)
    {
        var kept = name is null ? null : await uses.DeleteIfUnusedAsync(name, HttpContext.RequestAborted);
        if (kept is { Count: 0 })
        {
            return Redirect("/admin/images?deleted=" + Uri.EscapeDataString(name!));
        }

        await ListExistingAsync();
        if (kept is null)
        {
            return NotFound();
        }

        Deleting = Existing.FirstOrDefault(e => e.Picture.Name == name);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>Any stored picture, public or not, for the signed-in editor: the thumbnails here and the
    /// editor's preview of a version whose pictures are not public yet.</summary>
    public IActionResult OnGetFile(string? name)
    {
        if (name is null || !Types.TryGetValue(Path.GetExtension(name), out var type) || pictures.OpenRead(name) is not { } stream)
        {
            return NotFound();
        }

        return File(stream, type);
    }

    private async Task ListExistingAsync()
    {
        var used = await uses.FindAsync(HttpContext.RequestAborted);
        Existing = [.. pictures.List().Select(p => (p, used.GetValueOrDefault(p.Name) ?? []))];
    }

    private string? SafeReturn(string? url) =>
        url is not null && Url.IsLocalUrl(url) && url.StartsWith("/admin/", StringComparison.Ordinal) ? url : null;
}
