using Microsoft.Extensions.FileProviders;

namespace FacetEducation.Web.Content;

internal static class ContentImages
{
    /// <summary>Serves <c>content/images/</c> at <c>/images/</c>. Only picture types are served, so a
    /// stray file dropped in the folder is not handed out.</summary>
    public static IApplicationBuilder UseContentImages(this IApplicationBuilder app)
    {
        var store = app.ApplicationServices.GetRequiredService<ContentStore>();
        var folder = Path.Combine(store.Root, "images");
        Directory.CreateDirectory(folder);
        var types = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider();
        types.Mappings.Clear();
        types.Mappings[".png"] = "image/png";
        types.Mappings[".jpg"] = "image/jpeg";
        types.Mappings[".jpeg"] = "image/jpeg";
        types.Mappings[".webp"] = "image/webp";
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(folder),
            RequestPath = "/images",
            ContentTypeProvider = types,
        });
    }
}
