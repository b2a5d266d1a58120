using static TorchSharp.torch;

namespace Contrastive.Vision.Augmentations;

/// <summary>
/// N views of a batch: view v is <c>Pipelines[v % Pipelines.Count]</c> applied to the batch, each with its own
/// random draws from the one generator (SimCLR / MoCo / BYOL / SimSiam use two views of the same pipeline; BYOL's
/// asymmetric views are two pipelines).
/// </summary>
public sealed class MultiView
{
    public IReadOnlyList<IImageAugmentation> Pipelines { get; }
    public int Views { get; }

    public MultiView(IImageAugmentation pipeline, int views = 2) : this([pipeline], views) { }

    public MultiView(IReadOnlyList<IImageAugmentation> pipelines, int views)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        if (pipelines.Count == 0) throw new ArgumentException("MultiView needs at least one pipeline.", nameof(pipelines));
        if (views < 1) throw new ArgumentOutOfRangeException(nameof(views), views, $"The number of views must be at least 1, but it is {views}.");
        Pipelines = pipelines.ToArray();
        Views = views;
    }

    /// <param name="images">(B, C, H, W).</param>
    /// <returns>Views (B, C, H', W') each.</returns>
    public Tensor[] Apply(Tensor images, Generator generator)
    {
        var views = new Tensor[Views];
        for (int v = 0; v < Views; v++) views[v] = Pipelines[v % Pipelines.Count].Apply(images, generator);
        return views;
    }
}
