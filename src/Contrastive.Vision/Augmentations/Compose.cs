using static TorchSharp.torch;

namespace Contrastive.Vision.Augmentations;

/// <summary>Applies augmentations one after the other, all drawing from the same generator.</summary>
public sealed class Compose : IImageAugmentation
{
    public IReadOnlyList<IImageAugmentation> Steps { get; }

    public Compose(IReadOnlyList<IImageAugmentation> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        Steps = steps.ToArray();
    }

    public string Name => Steps.Count == 0 ? "none" : string.Join(",", Steps.Select(s => s.Name));

    public Tensor Apply(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var x = images.alias();
        foreach (var step in Steps) x = step.Apply(x, generator);
        return x.MoveToOuterDisposeScope();
    }
}
