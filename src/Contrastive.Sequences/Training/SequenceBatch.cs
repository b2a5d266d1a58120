using static TorchSharp.torch;

namespace Contrastive.Sequences.Training;

/// <summary>
/// A training batch of user sequences, right-padded to the batch's longest: <see cref="Input"/> (B, T) holds
/// s_0..s_{n-2}, <see cref="Targets"/> (B, T) the next items s_1..s_{n-1} (0 at padding), so every position is a
/// next-item example. CL4SRec batches add two augmented views of each input (B, T1) and (B, T2) with their lengths.
/// </summary>
public sealed record SequenceBatch(Tensor Input, Tensor Targets, Tensor? View1 = null, Tensor? View1Lengths = null,
                                   Tensor? View2 = null, Tensor? View2Lengths = null);
