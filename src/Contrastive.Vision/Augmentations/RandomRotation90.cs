using static TorchSharp.torch;

namespace Contrastive.Vision.Augmentations;

/// <summary>
/// Rotation by a multiple of 90° (SimCLR's "rotate {90°, 180°, 270°}"): with probability P an image is rotated
/// counter-clockwise by k · 90°, k uniform in {1, 2, 3}, drawn per sample. Needs square images.
/// </summary>
public sealed class RandomRotation90 : IImageAugmentation
{
    public string Name => "rotate";
    public double P { get; }

    public RandomRotation90(double p = 1.0) => P = PerSampleRandom.Probability(p, nameof(p));

    public Tensor Apply(Tensor images, Generator generator)
    {
        PerSampleRandom.RequireBatch(images, nameof(RandomRotation90));
        if (images.shape[2] != images.shape[3])
            throw new ArgumentException($"Rotation by 90° needs square images, got {images.shape[2]}x{images.shape[3]}.", nameof(images));
        using var scope = NewDisposeScope();
        long b = images.shape[0];
        var k = (rand([b], generator: generator) * 3).floor().clamp(0, 2) + 1;        // (B) in {1, 2, 3}
        var applied = rand([b], generator: generator) < P;                             // (B)
        k = where(applied, k, zeros_like(k)).view(b, 1, 1, 1);
        var y = images;
        for (int turns = 1; turns <= 3; turns++)
            y = where(k.eq(turns), images.rot90(turns, (2, 3)), y);
        return y.MoveToOuterDisposeScope();
    }
}
