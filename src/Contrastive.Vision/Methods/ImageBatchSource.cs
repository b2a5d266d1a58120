using Contrastive.Core.Training;
using Contrastive.Vision.Augmentations;
using Contrastive.Vision.Data;
using static TorchSharp.torch;

namespace Contrastive.Vision.Methods;

/// <summary>
/// Training examples for the <see cref="Trainer{TBatch}"/>: the images at the requested indices, augmented into
/// <see cref="MultiView.Views"/> views. The augmentation generator of each batch is seeded with a number drawn from
/// the global torch generator, whose state the trainer seeds and checkpoints, so a seed reproduces the views and a
/// resumed run draws the same ones.
/// </summary>
public sealed class ImageBatchSource : IBatchSource<ImageBatch>
{
    readonly ImageDataset _data;
    readonly MultiView _views;

    public ImageBatchSource(ImageDataset data, MultiView views)
    {
        _data = data ?? throw new ArgumentNullException(nameof(data));
        _views = views ?? throw new ArgumentNullException(nameof(views));
    }

    public int Count => _data.Count;

    public ImageBatch GetBatch(IReadOnlyList<int> indices)
    {
        var index = tensor(indices.Select(i => (long)i).ToArray());
        var images = _data.Images.index_select(0, index);                       // (B, C, H, W)
        long seed = randint(long.MaxValue, [1], dtype: ScalarType.Int64).item<long>();
        using var generator = new Generator((ulong)seed);
        return new ImageBatch(_views.Apply(images, generator), _data.Labels?.index_select(0, index));
    }
}
