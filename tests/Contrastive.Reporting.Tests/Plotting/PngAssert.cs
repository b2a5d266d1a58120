using SkiaSharp;

namespace Contrastive.Reporting.Tests.Plotting;

/// <summary>Checks on PNG files written by the plots: signature, decoded size, drawn colours.</summary>
internal static class PngAssert
{
    static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts a valid PNG of the given pixel size and returns it decoded.</summary>
    public static SKBitmap ValidPng(string path, int width, int height)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > Signature.Length, $"{path} has only {bytes.Length} bytes");
        Assert.Equal(Signature, bytes[..Signature.Length]);
        var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        return bitmap;
    }

    /// <summary>Number of pixels within <paramref name="tolerance"/> (per channel) of the colour.</summary>
    public static int CountPixels(SKBitmap bitmap, byte r, byte g, byte b, int tolerance = 8)
    {
        int count = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - r) <= tolerance && Math.Abs(c.Green - g) <= tolerance && Math.Abs(c.Blue - b) <= tolerance)
                    count++;
            }
        return count;
    }

    /// <summary>Only the target file is left in its folder: no temporary file from the atomic write.</summary>
    public static void NoTemporaryFiles(string folder) =>
        Assert.DoesNotContain(Directory.GetFiles(folder), f => f.EndsWith(".tmp", StringComparison.Ordinal));
}
