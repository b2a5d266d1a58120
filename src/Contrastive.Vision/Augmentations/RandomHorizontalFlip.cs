using static TorchSharp.torch;

namespace Contrastive.Vision.Augmentations;

/// <summary>Mirrors each image left–right with probability P (SimCLR: 0.5), independently per sample.</summary>
public sealed class RandomHorizontalFlip : IImageAugmentation
{
    public string Name => "flip";
    public double P { get; }

    public RandomHorizontalFlip(double p = 0.5) => P = PerSampleRandom.Probability(p, nameof(p));

    public Tensor Apply(Tensor images, Generator generator)
    {
        PerSampleRandom.RequireBatch(images, nameof(RandomHorizontalFlip));
        using var scope = NewDisposeScope();
        var mask = PerSampleRandom.Mask(images.shape[0], P, generator);   // (B, 1, 1, 1)
        return where(mask, images.flip(3), images).MoveToOuterDisposeScope();
    }
}
