using ICSharpCode.SharpZipLib.GZip;

namespace Contrastive.Vision.Tests.Data;

/// <summary>Writes small IDX files (plain or gzip) for the reader tests.</summary>
internal static class IdxFiles
{
    public static byte[] Images(int n, int h, int w, Func<int, int, int, byte> pixel, int magic = 0x803)
    {
        var bytes = new List<byte>();
        bytes.AddRange(BigEndian(magic)); bytes.AddRange(BigEndian(n)); bytes.AddRange(BigEndian(h)); bytes.AddRange(BigEndian(w));
        for (int i = 0; i < n; i++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) bytes.Add(pixel(i, y, x));
        return bytes.ToArray();
    }

    public static byte[] Labels(IReadOnlyList<byte> labels, int magic = 0x801)
    {
        var bytes = new List<byte>();
        bytes.AddRange(BigEndian(magic)); bytes.AddRange(BigEndian(labels.Count)); bytes.AddRange(labels);
        return bytes.ToArray();
    }

    public static void Write(string path, byte[] content)
    {
        if (!path.EndsWith(".gz", StringComparison.Ordinal)) { File.WriteAllBytes(path, content); return; }
        using var file = File.Create(path);
        using var gz = new GZipOutputStream(file);
        gz.Write(content);
    }

    /// <summary>A Fashion-MNIST-shaped folder: train and t10k splits, images whose class is visible (a bright row
    /// at height = label), so a trained or raw-pixel classifier can separate them.</summary>
    public static void WriteDataset(string dir, int train, int test, int side = 12, int classes = 3, int seed = 0)
    {
        var random = new Random(seed);
        foreach (var (prefix, n) in new[] { ("train", train), ("t10k", test) })
        {
            var labels = Enumerable.Range(0, n).Select(_ => (byte)random.Next(classes)).ToArray();
            var noise = Enumerable.Range(0, n * side * side).Select(_ => (byte)random.Next(60)).ToArray();
            Write(Path.Combine(dir, $"{prefix}-images-idx3-ubyte.gz"),
                  Images(n, side, side, (i, y, x) => y / (side / classes) == labels[i] ? (byte)230 : noise[(i * side + y) * side + x]));
            Write(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte.gz"), Labels(labels));
        }
    }

    static byte[] BigEndian(int v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];
}
