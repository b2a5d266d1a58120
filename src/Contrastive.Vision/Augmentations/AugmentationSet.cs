using Contrastive.Core;

namespace Contrastive.Vision.Augmentations;

/// <summary>
/// Builds a pipeline from a comma-separated list of augmentation names, each with the SimCLR defaults, applied in
/// the order written: crop (<see cref="RandomResizedCrop"/> to the image size), flip, jitter, grayscale, rotate,
/// cutout, noise, blur, sobel. SimCLR's CIFAR-10 recipe is <see cref="SimClr"/> (crop, flip, jitter s = 0.5,
/// grayscale); the ablation of SimCLR's Figure 5 compares subsets.
/// </summary>
public static class AugmentationSet
{
    /// <summary>SimCLR's CIFAR-10 augmentations (Appendix B.9: no blur on small images).</summary>
    public const string SimClr = "crop,flip,jitter,grayscale";

    /// <summary>Every name <see cref="Parse"/> accepts.</summary>
    public static readonly IReadOnlyList<string> Names = ["crop", "flip", "jitter", "grayscale", "rotate", "cutout", "noise", "blur", "sobel"];

    /// <param name="list">Names separated by commas, or "none".</param>
    /// <param name="size">Output side of the crop (the image side).</param>
    /// <param name="jitterStrength">Colour jitter strength s.</param>
    /// <param name="cropMinScale">Smallest fraction of the image area a crop covers (SimCLR: 0.08).</param>
    public static Compose Parse(string list, int size, double jitterStrength = 0.5, double cropMinScale = RandomResizedCrop.DefaultMinScale)
    {
        ArgumentNullException.ThrowIfNull(list);
        if (list.Trim() == "none") return new Compose([]);
        var steps = new List<IImageAugmentation>();
        foreach (var raw in list.Split(',', StringSplitOptions.TrimEntries))
        {
            steps.Add(raw switch
            {
                "crop" => new RandomResizedCrop(size, cropMinScale),
                "flip" => new RandomHorizontalFlip(),
                "jitter" => new ColorJitter(jitterStrength),
                "grayscale" => new RandomGrayscale(),
                "rotate" => new RandomRotation90(),
                "cutout" => new RandomCutout(),
                "noise" => new GaussianNoise(),
                "blur" => new GaussianBlur(),
                "sobel" => new SobelFilter(),
                _ => throw new ContrastiveException($"Unknown augmentation '{raw}' in '{list}'; known: {string.Join(", ", Names)} (or none)."),
            });
        }
        return new Compose(steps);
    }
}
