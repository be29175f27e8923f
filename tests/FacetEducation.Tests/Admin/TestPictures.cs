using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace FacetEducation.Tests.Admin;

/// <summary>Pictures made in code: real ones encoded by SkiaSharp, and the same with metadata or a
/// lying header written in by hand, byte by byte, as a camera or an attacker would.</summary>
public static class TestPictures
{
    /// <summary>A <paramref name="width"/> x <paramref name="height"/> picture, red on its left half and blue on its right.</summary>
    public static byte[] Encode(SKEncodedImageFormat format, int width = 20, int height = 10)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Blue);
            using var red = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, width / 2f, height, red);
        }

        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>A JPEG as a phone writes it: an EXIF block with the camera's make, GPS coordinates
    /// and orientation 6 (the stored picture is to be turned a quarter clockwise to be seen).</summary>
    public static byte[] JpegWithGpsExif(string make)
    {
        var jpeg = Encode(SKEncodedImageFormat.Jpeg);
        var tiff = new List<byte>();
        void U16(int v) => tiff.AddRange([(byte)v, (byte)(v >> 8)]);
        void U32(int v) => tiff.AddRange([(byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24)]);
        void Entry(int tag, int type, int count, int value)
        {
            U16(tag);
            U16(type);
            U32(count);
            U32(value);
        }

        var makeBytes = Encoding.ASCII.GetBytes(make + "\0");
        const int ifd0 = 8, gpsIfd = ifd0 + 2 + (3 * 12) + 4, makeAt = gpsIfd + 2 + (2 * 12) + 4;
        var latitudeAt = makeAt + makeBytes.Length;
        tiff.AddRange("II*\0"u8.ToArray());
        U32(ifd0);
        U16(3);
        Entry(0x010F, 2, makeBytes.Length, makeAt); // Make
        Entry(0x0112, 3, 1, 6); // Orientation: turn a quarter clockwise
        Entry(0x8825, 4, 1, gpsIfd); // GPS IFD
        U32(0);
        U16(2);
        Entry(0x0001, 2, 2, 'N'); // GPSLatitudeRef
        Entry(0x0002, 5, 3, latitudeAt); // GPSLatitude
        U32(0);
        tiff.AddRange(makeBytes);
        foreach (var (numerator, denominator) in new[] { (51, 1), (30, 1), (2612, 100) })
        {
            U32(numerator);
            U32(denominator);
        }

        byte[] exif = [.. "Exif\0\0"u8, .. tiff];
        var segment = new byte[4 + exif.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(exif.Length + 2));
        exif.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>A PNG with a <c>tEXt</c> chunk (keyword "Comment") holding <paramref name="text"/>.</summary>
    public static byte[] PngWithText(string text)
    {
        var png = Encode(SKEncodedImageFormat.Png);
        const int afterHeader = 8 + 4 + 4 + 13 + 4; // signature, then the IHDR chunk
        return [.. png[..afterHeader], .. Chunk("tEXt", [.. "Comment\0"u8, .. Encoding.Latin1.GetBytes(text)]), .. png[afterHeader..]];
    }

    /// <summary>A few hundred bytes whose header claims a <paramref name="width"/> x <paramref name="height"/>
    /// picture: decoded, it would need width x height x 4 bytes of memory.</summary>
    public static byte[] PngBomb(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        byte[] deflated = [0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]; // a stub of zlib data
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", header), .. Chunk("IDAT", deflated), .. Chunk("IEND", [])];
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        var chunk = new byte[4 + typed.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        typed.CopyTo(chunk, 4);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(4 + typed.Length), Crc32(typed));
        return chunk;
    }

    /// <summary>PNG's CRC-32 (ISO-HDLC), bit by bit: a few hundred bytes need no table.</summary>
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>Whether <paramref name="bytes"/> contain <paramref name="text"/> (ASCII) anywhere.</summary>
    public static bool Contains(byte[] bytes, string text) => bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(text)) >= 0;
}
