using Contrastive.Core;

namespace Contrastive.Vision.Data;

/// <summary>
/// Opens a data set from a path, recognising its form:
/// a folder with <c>train-images-idx3-ubyte[.gz]</c> / <c>t10k-images-idx3-ubyte[.gz]</c> (MNIST / Fashion-MNIST: the
/// split chooses the prefix), a <c>.csv</c> / <c>.csv.gz</c> file (scikit-learn digits form; the split takes the
/// first 80 % as train and the rest as test), or an image folder (<see cref="ImageFolderReader"/>; one split).
/// </summary>
public static class ImageDataLoader
{
    /// <summary>Fashion-MNIST's ten classes, in label order.</summary>
    public static readonly IReadOnlyList<string> FashionMnistClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Fraction of a CSV file used as the training split.</summary>
    public const double CsvTrainFraction = 0.8;

    /// <param name="path">Folder or file.</param>
    /// <param name="split">Train or test.</param>
    /// <param name="size">Side of the images of an image folder (ignored for IDX and CSV).</param>
    /// <param name="grayscale">Read an image folder as one channel.</param>
    public static ImageDataset Load(string path, DataSplit split, int size = 32, bool grayscale = false)
    {
        if (File.Exists(path))
        {
            if (!path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase))
                throw new ContrastiveException($"{path}: a data file must be .csv or .csv.gz (or give a folder of IDX files or images).");
            using var all = DigitsCsvReader.Read(path);
            int train = (int)Math.Round(all.Count * CsvTrainFraction);
            var (start, count) = split == DataSplit.Train ? (0, train) : (train, all.Count - train);
            return new ImageDataset(all.Images.narrow(0, start, count).clone(), all.Labels!.narrow(0, start, count).clone(), all.ClassNames, path);
        }
        if (!Directory.Exists(path)) throw new ContrastiveException($"{path}: no such file or folder.");
        string prefix = split == DataSplit.Train ? "train" : "t10k";
        var images = Find(path, $"{prefix}-images-idx3-ubyte");
        if (images is not null)
        {
            var labels = Find(path, $"{prefix}-labels-idx1-ubyte")
                         ?? throw new ContrastiveException($"{path}: {Path.GetFileName(images)} has no {prefix}-labels-idx1-ubyte[.gz] next to it.");
            return IdxReader.Read(images, labels, FashionMnistClasses);
        }
        if (Find(path, "train-images-idx3-ubyte") is not null || Find(path, "t10k-images-idx3-ubyte") is not null)
            throw new ContrastiveException($"{path}: no {prefix}-images-idx3-ubyte[.gz] for the {split.ToString().ToLowerInvariant()} split.");
        return ImageFolderReader.Read(path, size, grayscale);
    }

    /// <summary>True when <paramref name="path"/> holds a separate test split (IDX t10k files or a CSV file).</summary>
    public static bool HasTestSplit(string path) =>
        File.Exists(path) || (Directory.Exists(path) && Find(path, "t10k-images-idx3-ubyte") is not null);

    static string? Find(string dir, string stem)
    {
        foreach (var name in new[] { stem + ".gz", stem, stem.Replace("-idx", ".idx", StringComparison.Ordinal) })
        {
            var p = Path.Combine(dir, name);
            if (File.Exists(p)) return p;
        }
        return null;
    }
}
