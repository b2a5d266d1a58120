using static TorchSharp.torch;

namespace Contrastive.Vision.Methods;

/// <summary>One training batch: the augmented views, each (B, C, H, W), and the labels (B) when the data has them
/// (used only by the supervised baseline).</summary>
public sealed record ImageBatch(IReadOnlyList<Tensor> Views, Tensor? Labels);
