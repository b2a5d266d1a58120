using System.Globalization;
using Contrastive.Core;
using ICSharpCode.SharpZipLib.GZip;
using static TorchSharp.torch;

namespace Contrastive.Vision.Data;

/// <summary>
/// Reads scikit-learn's digits data in its CSV form (<c>digits.csv.gz</c>: 1,797 rows of 64 pixel values 0–16 and a
/// last column with the label 0–9, no header). Plain or gzip. Rows of side² pixels become (N, 1, side, side) images
/// scaled by the largest pixel value <paramref name="maxValue"/> to [0, 1].
/// </summary>
public static class DigitsCsvReader
{
    public static ImageDataset Read(string path, double maxValue = 16.0)
    {
        if (!File.Exists(path)) throw new ContrastiveException($"{path}: file not found.");
        using var file = File.OpenRead(path);
        Stream stream = file;
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) stream = new GZipInputStream(file);
        using var reader = new StreamReader(stream);
        var pixels = new List<float>();
        var labels = new List<long>();
        int columns = -1, lineNumber = 0;
        string? line;
        try
        {
            while ((line = reader.ReadLine()) is not null)
            {
                lineNumber++;
                if (line.Trim().Length == 0) continue;
                var cells = line.Split(',');
                if (columns < 0)
                {
                    columns = cells.Length;
                    int side = (int)Math.Round(Math.Sqrt(columns - 1));
                    if (columns < 2 || side * side != columns - 1)
                        throw new ContrastiveException($"{path}:{lineNumber}: {columns} columns are not a square number of pixels plus a label.");
                }
                else if (cells.Length != columns)
                    throw new ContrastiveException($"{path}:{lineNumber}: {cells.Length} columns, the first row has {columns}.");
                for (int i = 0; i < columns; i++)
                {
                    if (!double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                        throw new ContrastiveException($"{path}:{lineNumber}: column {i + 1} '{cells[i]}' is not a number.");
                    if (i < columns - 1) pixels.Add((float)(v / maxValue));
                    else if (v != Math.Floor(v) || v < 0) throw new ContrastiveException($"{path}:{lineNumber}: label '{cells[i]}' is not a class number.");
                    else labels.Add((long)v);
                }
            }
        }
        catch (Exception e) when (e is GZipException or ICSharpCode.SharpZipLib.SharpZipBaseException or EndOfStreamException)
        {
            throw new ContrastiveException($"{path}: not a valid gzip file ({e.Message}).", e);
        }
        if (labels.Count == 0) throw new ContrastiveException($"{path}: no rows.");
        int s = (int)Math.Round(Math.Sqrt(columns - 1));
        int classes = (int)labels.Max() + 1;
        var images = tensor(pixels.ToArray(), [labels.Count, 1, s, s]);
        return new ImageDataset(images, tensor(labels.ToArray()), Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray(), path);
    }
}
