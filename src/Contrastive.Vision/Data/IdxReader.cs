using Contrastive.Core;
using ICSharpCode.SharpZipLib.GZip;
using static TorchSharp.torch;

namespace Contrastive.Vision.Data;

/// <summary>
/// Reads the IDX files of MNIST / Fashion-MNIST (LeCun et al.; Xiao et al. 2017): a big-endian header
/// (magic 0x0000 0803 for unsigned-byte images N × H × W, 0x0000 0801 for unsigned-byte labels N), then the bytes.
/// Plain or gzip (detected from the first two bytes). A wrong magic number, a truncated file or a label count that
/// does not match the image count raises a <see cref="ContrastiveException"/> naming the file.
/// </summary>
public static class IdxReader
{
    const int ImageMagic = 0x00000803;
    const int LabelMagic = 0x00000801;

    /// <summary>The images of an idx3-ubyte file as float32 (N, 1, H, W) in [0, 1].</summary>
    public static Tensor ReadImages(string path)
    {
        var bytes = ReadAllBytes(path);
        int magic = ReadInt(bytes, 0, path);
        if (magic != ImageMagic) throw new ContrastiveException($"{path}: magic number 0x{magic:X8} is not that of an IDX image file (0x{ImageMagic:X8}).");
        int n = ReadInt(bytes, 4, path), h = ReadInt(bytes, 8, path), w = ReadInt(bytes, 12, path);
        if (n < 0 || h <= 0 || w <= 0) throw new ContrastiveException($"{path}: invalid image dimensions {n} x {h} x {w}.");
        long expected = 16 + (long)n * h * w;
        if (bytes.Length < expected) throw new ContrastiveException($"{path}: truncated: {n} images of {h}x{w} need {expected} bytes, the file has {bytes.Length}.");
        using var raw = tensor(bytes.AsSpan(16, n * h * w).ToArray(), [n, 1, h, w], ScalarType.Byte);
        return raw.to_type(ScalarType.Float32).div_(255.0);
    }

    /// <summary>The labels of an idx1-ubyte file as int64 (N).</summary>
    public static Tensor ReadLabels(string path)
    {
        var bytes = ReadAllBytes(path);
        int magic = ReadInt(bytes, 0, path);
        if (magic != LabelMagic) throw new ContrastiveException($"{path}: magic number 0x{magic:X8} is not that of an IDX label file (0x{LabelMagic:X8}).");
        int n = ReadInt(bytes, 4, path);
        if (n < 0 || bytes.Length < 8L + n) throw new ContrastiveException($"{path}: truncated: {n} labels need {8L + n} bytes, the file has {bytes.Length}.");
        return tensor(bytes.AsSpan(8, n).ToArray().Select(b => (long)b).ToArray(), ScalarType.Int64);
    }

    /// <summary>Images and labels of one split; the counts must agree.</summary>
    public static ImageDataset Read(string imagesPath, string labelsPath, IReadOnlyList<string> classNames)
    {
        var images = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        long labelCount = labels.shape[0], imageCount = images.shape[0];
        if (labelCount != imageCount)
        {
            images.Dispose(); labels.Dispose();
            throw new ContrastiveException($"{labelsPath}: {labelCount} labels for the {imageCount} images of {imagesPath}.");
        }
        long max = labels.numel() > 0 ? labels.max().item<long>() : -1;
        if (max >= classNames.Count) throw new ContrastiveException($"{labelsPath}: label {max} is outside the {classNames.Count} classes.");
        return new ImageDataset(images, labels, classNames, imagesPath);
    }

    static byte[] ReadAllBytes(string path)
    {
        if (!File.Exists(path)) throw new ContrastiveException($"{path}: file not found.");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            try
            {
                using var gz = new GZipInputStream(new MemoryStream(bytes));
                using var output = new MemoryStream();
                gz.CopyTo(output);
                return output.ToArray();
            }
            catch (Exception e) when (e is GZipException or ICSharpCode.SharpZipLib.SharpZipBaseException or EndOfStreamException or IOException)
            {
                throw new ContrastiveException($"{path}: not a valid gzip file ({e.Message}).", e);
            }
        }
        return bytes;
    }

    static int ReadInt(byte[] bytes, int offset, string path)
    {
        if (bytes.Length < offset + 4) throw new ContrastiveException($"{path}: truncated: the IDX header needs {offset + 4} bytes, the file has {bytes.Length}.");
        return (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
    }
}
