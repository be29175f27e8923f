using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace FacetEducation.Web.Content;

internal static class ContentImages
{
    /// <summary>Serves <c>content/images/</c> at <c>/images/</c>. Only picture types are served, so a
    /// stray file dropped in the folder is not handed out, and only files of the folder itself: never a
    /// link, a subfolder or a dotfile (<see cref="ContentStore.ImageExists"/>, the same rule the
    /// content checks use).</summary>
    public static IApplicationBuilder UseContentImages(this IApplicationBuilder app)
    {
        // The folder is not created here: the file provider copes with its absence, an upload creates
        // it, and creating it at start-up would be a change the store's watcher reloads for.
        var store = app.ApplicationServices.GetRequiredService<ContentStore>();
        var types = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider();
        types.Mappings.Clear();
        types.Mappings[".png"] = "image/png";
        types.Mappings[".jpg"] = "image/jpeg";
        types.Mappings[".jpeg"] = "image/jpeg";
        types.Mappings[".webp"] = "image/webp";
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new ImageFiles(store),
            RequestPath = "/images",
            ContentTypeProvider = types,
        });
    }

    /// <summary>The pictures folder as the static-file middleware sees it. (The framework's
    /// <see cref="PhysicalFileProvider"/> follows links and serves subfolders.)</summary>
    private sealed class ImageFiles(ContentStore store) : IFileProvider
    {
        public IFileInfo GetFileInfo(string subpath)
        {
            var name = subpath.StartsWith('/') ? subpath[1..] : subpath;
            if (!store.ImageExists(name))
            {
                return new NotFoundFileInfo(name);
            }

            try
            {
                // Read now, once: the file may vanish before the middleware asks.
                var info = new FileInfo(Path.Combine(store.Root, "images", name));
                return new ImageFile(store.Root, info.FullName, info.Name, info.Length, info.LastWriteTimeUtc);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return new NotFoundFileInfo(name);
            }
        }

        public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

        public IChangeToken Watch(string filter) => NullChangeToken.Singleton;
    }

    /// <summary>One picture. It has no <see cref="PhysicalPath"/>, so the middleware reads it through
    /// <see cref="CreateReadStream"/>, which checks again that it is no link once it is open, rather
    /// than handing the path to the kernel's sendfile.</summary>
    private sealed class ImageFile(string root, string path, string name, long length, DateTimeOffset lastModified) : IFileInfo
    {
        public bool Exists => true;

        public long Length => length;

        public string? PhysicalPath => null;

        public string Name => name;

        public DateTimeOffset LastModified => lastModified;

        public bool IsDirectory => false;

        // The middleware answers 404 to FileNotFoundException.
        public Stream CreateReadStream() =>
            ContentFile.OpenRead(root, path) ?? throw new FileNotFoundException("The picture is gone or has become a link.", name);
    }
}
