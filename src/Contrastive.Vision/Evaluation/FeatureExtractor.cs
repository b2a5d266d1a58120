using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Vision.Evaluation;

/// <summary>Runs a frozen module over images in batches, in eval mode and without gradient.</summary>
public static class FeatureExtractor
{
    /// <param name="forward">The module's forward, e.g. an encoder's (B, C, H, W) → (B, D).</param>
    /// <param name="images">(N, C, H, W).</param>
    /// <returns>(N, D) float32.</returns>
    public static Tensor Extract(Func<Tensor, Tensor> forward, Tensor images, int batchSize = 512)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(images);
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += batchSize)
        {
            using var scope = NewDisposeScope();
            long n = Math.Min(batchSize, images.shape[0] - start);
            parts.Add(forward(images.narrow(0, start, n)).detach().to_type(ScalarType.Float32).MoveToOuterDisposeScope());
        }
        var all = cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return all;
    }

    /// <summary>Raw pixels flattened: (N, C·H·W).</summary>
    public static Tensor RawPixels(Tensor images) => images.flatten(1).to_type(ScalarType.Float32);
}
