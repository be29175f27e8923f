using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FacetEducation.Web.Admin;

/// <summary>What an upload did: stored (or found already stored: <c>Existing</c>, the same bytes, so
/// nothing new was stored) with its file name and Markdown, or refused with the field and the reason.</summary>
public sealed record UploadResult(bool Saved, string? Field, string Message, string? FileName = null, string? Markdown = null, bool Existing = false);

/// <summary>
/// Pictures uploaded in the editor. The type is read from the file's first bytes, never from its
/// name or the browser's say-so; only JPEG, PNG and WebP pass (SVG can carry script). The file
/// lands unpublished (<see cref="PictureFolders"/>: public once a version using it goes live) under a
/// name made only of letters, numbers and hyphens, with the extension of its real type; the same file
/// uploaded again returns the picture already stored. What is stored is the picture re-encoded by <see cref="PictureReencoder"/>,
/// never the uploaded bytes, so camera metadata (EXIF with GPS, XMP, text chunks) stays behind.
/// </summary>
public sealed partial class ImageUploads(PictureFolders pictures, ContentWriteLock writeLock, IOptions<EditorOptions> options, ILogger<ImageUploads> logger)
{
    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotNameCharacters();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 _-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AllowedName();

    public int MaxBytes => options.Value.MaxUploadBytes;

    public async Task<UploadResult> SaveAsync(IFormFile? file, string? name, string? alt, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(alt))
        {
            return new UploadResult(false, "alt", "Describe the picture for people who cannot see it (for example 'A side view of the lower spine'). It is required.");
        }

        if (file is null || file.Length == 0)
        {
            return new UploadResult(false, "file", "Choose a picture to upload.");
        }

        if (file.Length > MaxBytes)
        {
            return new UploadResult(false, "file", $"The picture is {Megabytes(file.Length)}; the limit is {Megabytes(MaxBytes)}. Save it smaller (for example 1600 pixels wide) and try again.");
        }

        if (!string.IsNullOrWhiteSpace(name) && (!AllowedName().IsMatch(name.Trim()) || name.Length > 60))
        {
            return new UploadResult(false, "name", "The file name may use only letters, numbers, spaces, hyphens and underscores (no dots or slashes), up to 60 characters.");
        }

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }

        if (Detect(bytes) is not { } extension)
        {
            return new UploadResult(false, "file", "This file is not a JPEG, PNG or WebP picture, whatever its name says. Save it in one of those formats and try again. (SVG is not accepted: it can carry script.)");
        }

        var reencoded = PictureReencoder.Reencode(bytes, extension, options.Value.MaxUploadPixels, options.Value.MaxUploadDimension);
        if (reencoded.Outcome is not ReencodeOutcome.Done)
        {
            return new UploadResult(false, "file", reencoded.Outcome switch
            {
                ReencodeOutcome.TooLarge =>
                    $"The picture is {reencoded.Width:N0} x {reencoded.Height:N0} pixels; the most accepted is {options.Value.MaxUploadPixels / 1_000_000.0:0.#} megapixels and {options.Value.MaxUploadDimension:N0} pixels on a side. Save it smaller (for example 1600 pixels wide) and try again.",
                _ => "This picture could not be read: the file is damaged or incomplete. Save it again from your photo program and try again.",
            });
        }

        if (pictures.AnyFolderIsLink)
        {
            // Writing through it would put the picture outside the content folder, where it is not served.
            logger.LogError("Upload refused: content/images/ or content/{Unpublished}/ is a symbolic link; replace it with a real folder", PictureFolders.UnpublishedFolderName);
            return new UploadResult(false, "file", "The pictures folder is set up as a link, which the site never writes through, so the picture was not saved. Ask whoever runs the site to make content/images/ a real folder, then upload again.");
        }

        var description = alt.Trim().ReplaceLineEndings(" ").Replace("]", "\\]", StringComparison.Ordinal);
        var writing = await writeLock.TakeAsync(cancellationToken);
        try
        {
            // The same file again (as uploaded, or as stored) is the picture already there: no second copy.
            if (pictures.FindSame(bytes, reencoded.Data!) is { } existing)
            {
                logger.LogInformation("Picture upload matched {FileName}: no second copy", existing);
                return new UploadResult(true, null, $"This picture is already stored as {existing}, so no second copy was made.",
                    existing, $"![{description}](/images/{existing})", Existing: true);
            }

            var fileName = pictures.FreeName(Sanitise(string.IsNullOrWhiteSpace(name) ? Path.GetFileNameWithoutExtension(LastSegment(file.FileName)) : name), extension);
            await pictures.AddUnpublishedAsync(fileName, reencoded.Data!, cancellationToken);
            logger.LogInformation("Picture uploaded as {FileName}, unpublished ({Bytes} bytes, re-encoded to {Stored} bytes)", fileName, file.Length, reencoded.Data!.Length);
            return new UploadResult(true, null, $"Uploaded as {fileName}: it goes public when a page using it is published.", fileName, $"![{description}](/images/{fileName})");
        }
        finally
        {
            await writing.DisposeAsync();
        }
    }

    /// <summary>The extension for a file starting with <paramref name="header"/>, by its magic bytes.</summary>
    public static string? Detect(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF)
        {
            return ".jpg";
        }

        if (header.Length >= 8 && header[..8].SequenceEqual((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ".png";
        }

        if (header.Length >= 12 && header[..4].SequenceEqual("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8))
        {
            return ".webp";
        }

        return null;
    }

    internal static string Sanitise(string name)
    {
        var stem = NotNameCharacters().Replace(name.ToLowerInvariant(), "-").Trim('-');
        if (stem.Length > 60)
        {
            stem = stem[..60].TrimEnd('-');
        }

        return stem.Length == 0 ? "picture" : stem;
    }

    private static string LastSegment(string fileName) => fileName.Split('/', '\\')[^1];

    private static string Megabytes(long bytes) => $"{bytes / 1024.0 / 1024.0:0.#} MB";
}
