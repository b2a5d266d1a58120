using static TorchSharp.torch;

namespace Contrastive.Text.Bert;

/// <summary>
/// What <see cref="BertModel.Forward"/> returns (Hugging Face <c>BaseModelOutputWithPooling</c>). The tensors belong
/// to the caller's dispose scope.
/// </summary>
/// <param name="LastHiddenState">(B, T, H) the last layer's output.</param>
/// <param name="PoolerOutput">(B, H) <c>tanh(dense(h[:, 0]))</c>, or null for a model built without a pooler.</param>
/// <param name="HiddenStates">
/// Only when asked: L + 1 tensors (B, T, H), the embeddings' output first, then each layer's output, as in
/// Hugging Face's <c>hidden_states</c> (so index 1 is the first Transformer layer and the last equals
/// <paramref name="LastHiddenState"/>).
/// </param>
public sealed record BertModelOutput(Tensor LastHiddenState, Tensor? PoolerOutput, IReadOnlyList<Tensor>? HiddenStates);
