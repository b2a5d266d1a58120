using static TorchSharp.torch;

namespace Contrastive.Vision.Augmentations;

/// <summary>
/// A batched image augmentation: every sample of the batch gets its own random parameters, all drawn from the
/// generator passed in (so the same seed gives the same views, and no global state is touched). Unlike TorchSharp's
/// torchvision transforms, which draw one set of parameters per call for the whole batch.
/// </summary>
public interface IImageAugmentation
{
    /// <summary>Short name, as written in an augmentation list (e.g. "crop").</summary>
    string Name { get; }

    /// <param name="images">(B, C, H, W) float images in [0, 1].</param>
    /// <param name="generator">Source of all the random parameters.</param>
    /// <returns>(B, C, H', W'): the same size except for crops, which resize to their output size.</returns>
    Tensor Apply(Tensor images, Generator generator);
}
