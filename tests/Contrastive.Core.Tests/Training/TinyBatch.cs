using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Training;

/// <summary>Inputs (B, 4) and targets (B, 1) of <see cref="TinyData"/>.</summary>
public sealed record TinyBatch(Tensor X, Tensor Y);
