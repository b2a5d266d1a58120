using static TorchSharp.torch;

namespace Contrastive.Text.Bert;

/// <summary>
/// Hugging Face <c>BertLMPredictionHead</c>: vocabulary logits <c>transform(h) E^T + b</c>, where the decoder
/// weight E (V, H) is TIED to the word-embedding matrix (Press and Wolf 2017) and b is <c>bias</c> (V).
/// Keys: <c>transform.*</c>, <c>bias</c>; the tied decoder weight has no key of its own (Hugging Face drops the
/// duplicate <c>decoder.weight</c> / <c>decoder.bias</c> when saving).
/// <para>The tied matrix is passed to <see cref="forward"/> rather than stored in a field: TorchSharp's
/// <c>Module.to(device)</c> replaces each module's Parameter objects separately, which would silently untie a
/// Parameter shared by two modules. Reading the embedding's current weight at every call keeps the tie whatever
/// moves or loads happen.</para>
/// </summary>
public sealed class BertLMPredictionHead : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly BertPredictionHeadTransform transform;
    public readonly TorchSharp.Modules.Parameter bias;

    public BertLMPredictionHead(BertConfig config) : base(nameof(BertLMPredictionHead))
    {
        transform = new BertPredictionHeadTransform(config);
        bias = new TorchSharp.Modules.Parameter(zeros(config.VocabSize));
        RegisterComponents();
    }

    /// <param name="hiddenStates">(..., H)</param>
    /// <param name="decoderWeight">(V, H) the word-embedding matrix.</param>
    /// <returns>(..., V) logits.</returns>
    public override Tensor forward(Tensor hiddenStates, Tensor decoderWeight)
    {
        using var scope = NewDisposeScope();
        return nn.functional.linear(transform.forward(hiddenStates), decoderWeight, bias).MoveToOuterDisposeScope();
    }
}
