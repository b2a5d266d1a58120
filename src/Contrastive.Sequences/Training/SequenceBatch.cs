using static TorchSharp.torch;

namespace Contrastive.Sequences.Training;

/// <summary>
/// A training batch of user sequences, right-padded to the batch's longest: <see cref="Input"/> (B, T) holds
/// s_0..s_{n-2}, <see cref="Targets"/> (B, T) the next items s_1..s_{n-1} (0 at padding), so every position is a
/// next-item example, and <see cref="InputLengths"/> (B) the items per row. CL4SRec/CoSeRec batches add two augmented
/// views of each input (B, T1) and (B, T2) with their lengths; DuoRec batches put each input's supervised positive
/// (another history with the same next item) in <see cref="View1"/>.
/// </summary>
public sealed record SequenceBatch(Tensor Input, Tensor Targets, Tensor? View1 = null, Tensor? View1Lengths = null,
                                   Tensor? View2 = null, Tensor? View2Lengths = null, Tensor? InputLengths = null);
