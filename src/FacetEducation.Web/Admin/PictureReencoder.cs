using SkiaSharp;

namespace FacetEducation.Web.Admin;

public enum ReencodeOutcome
{
    Done,

    /// <summary>Over the pixel count or the longest side, read from the header: nothing was decoded.</summary>
    TooLarge,

    /// <summary>The file could not be decoded whole (damaged, cut short, or not what its first bytes say).</summary>
    Unreadable,
}

public sealed record ReencodeResult(ReencodeOutcome Outcome, byte[]? Data = null, int Width = 0, int Height = 0);

/// <summary>
/// Decodes an uploaded picture and encodes its pixels afresh in the same format, so nothing but the
/// picture survives: EXIF (with GPS and the camera's serial number), XMP, ICC profiles (the pixels
/// are converted to sRGB first) and PNG text chunks are all left behind. The size is read from the
/// header before anything is decoded, so a small file claiming a huge picture (a decompression bomb)
/// is refused without allocating it. The EXIF orientation is applied to the pixels before it is
/// dropped, so a phone photo taken upright stays upright. An animated WebP or PNG keeps its first frame.
/// </summary>
public static class PictureReencoder
{
    private const int JpegQuality = 90;

    public static ReencodeResult Reencode(byte[] file, string extension, long maxPixels, int maxDimension)
    {
        using var data = SKData.CreateCopy(file);
        using var codec = SKCodec.Create(data);
        var format = extension switch
        {
            ".jpg" => SKEncodedImageFormat.Jpeg,
            ".png" => SKEncodedImageFormat.Png,
            _ => SKEncodedImageFormat.Webp,
        };
        if (codec is null || codec.EncodedFormat != format)
        {
            return new ReencodeResult(ReencodeOutcome.Unreadable);
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || width > maxDimension || height > maxDimension || (long)width * height > maxPixels)
        {
            return new ReencodeResult(ReencodeOutcome.TooLarge, Width: width, Height: height);
        }

        var info = new SKImageInfo(width, height, SKImageInfo.PlatformColorType,
            codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        using var decoded = new SKBitmap(info);
        if (codec.GetPixels(info, decoded.GetPixels()) != SKCodecResult.Success)
        {
            return new ReencodeResult(ReencodeOutcome.Unreadable);
        }

        using var upright = Upright(decoded, codec.EncodedOrigin);
        using var pixmap = (upright ?? decoded).PeekPixels();
        using var encoded = format switch
        {
            SKEncodedImageFormat.Jpeg => pixmap.Encode(new SKJpegEncoderOptions(JpegQuality)),
            SKEncodedImageFormat.Png => pixmap.Encode(SKPngEncoderOptions.Default),
            _ => pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, JpegQuality)),
        };
        return encoded is null
            ? new ReencodeResult(ReencodeOutcome.Unreadable)
            : new ReencodeResult(ReencodeOutcome.Done, encoded.ToArray(), pixmap.Width, pixmap.Height);
    }

    /// <summary>The picture turned as its EXIF orientation says it should be seen; null when it
    /// already is. Each matrix maps a stored pixel (x, y) of a W x H picture to where it is seen.</summary>
    private static SKBitmap? Upright(SKBitmap source, SKEncodedOrigin origin)
    {
        float w = source.Width, h = source.Height;
        SKMatrix? turn = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1), // mirrored
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1), // upside down
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1), // mirrored upside down
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1), // transposed
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1), // a quarter turn clockwise
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1), // transverse
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1), // a quarter turn anticlockwise
            _ => null,
        };
        if (turn is not { } matrix)
        {
            return null;
        }

        var sideways = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var turned = new SKBitmap(sideways ? source.Info.WithSize(source.Height, source.Width) : source.Info);
        using var canvas = new SKCanvas(turned);
        canvas.SetMatrix(matrix);
        canvas.DrawBitmap(source, 0, 0, SKSamplingOptions.Default, null);
        canvas.Flush();
        return turned;
    }
}
