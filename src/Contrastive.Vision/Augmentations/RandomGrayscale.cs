using static TorchSharp.torch;

namespace Contrastive.Vision.Augmentations;

/// <summary>
/// Colour drop (SimCLR's random grayscale, p = 0.2): with probability P an image is replaced by its luma
/// 0.299 R + 0.587 G + 0.114 B in every channel. A one-channel batch is returned unchanged.
/// </summary>
public sealed class RandomGrayscale : IImageAugmentation
{
    public string Name => "grayscale";
    public double P { get; }

    public RandomGrayscale(double p = 0.2) => P = PerSampleRandom.Probability(p, nameof(p));

    public Tensor Apply(Tensor images, Generator generator)
    {
        PerSampleRandom.RequireBatch(images, nameof(RandomGrayscale));
        using var scope = NewDisposeScope();
        var mask = PerSampleRandom.Mask(images.shape[0], P, generator);   // drawn even for one channel: same stream
        if (images.shape[1] == 1) return images.alias().MoveToOuterDisposeScope();
        var gray = ColorSpace.Luma(images).expand_as(images);
        return where(mask, gray, images).MoveToOuterDisposeScope();
    }
}
