using Contrastive.Core;
using static TorchSharp.torch;

namespace Contrastive.Vision.Data;

/// <summary>
/// Images in memory as one float32 tensor (N, C, H, W) with values in [0, 1], and optional integer labels (N)
/// with their class names. The dataset owns its tensors (dispose it to free them).
/// </summary>
public sealed class ImageDataset : IDisposable
{
    /// <summary>(N, C, H, W) float32 in [0, 1].</summary>
    public Tensor Images { get; }

    /// <summary>(N) int64 in [0, ClassNames.Count), or null for unlabelled images.</summary>
    public Tensor? Labels { get; }

    /// <summary>Class names (index = label); empty when unlabelled.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Where the images came from (for messages).</summary>
    public string Source { get; }

    public ImageDataset(Tensor images, Tensor? labels, IReadOnlyList<string> classNames, string source)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.ndim != 4) throw new ContrastiveException($"{source}: images must be (N, C, H, W), got shape [{string.Join(", ", images.shape)}].");
        if (labels is not null && (labels.ndim != 1 || labels.shape[0] != images.shape[0]))
            throw new ContrastiveException($"{source}: {images.shape[0]} images but {labels.shape[0]} labels.");
        Images = images;
        Labels = labels;
        ClassNames = classNames;
        Source = source;
    }

    public int Count => (int)Images.shape[0];
    public int Channels => (int)Images.shape[1];
    public int Height => (int)Images.shape[2];
    public int Width => (int)Images.shape[3];
    public int NumClasses => ClassNames.Count;

    /// <summary>The first <paramref name="count"/> images (or all), sharing storage with this dataset.</summary>
    public ImageDataset Take(int count)
    {
        int n = Math.Min(count, Count);
        return new ImageDataset(Images.narrow(0, 0, n), Labels?.narrow(0, 0, n), ClassNames, Source);
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels?.Dispose();
    }
}
