using static TorchSharp.torch;

namespace Contrastive.Text.Bert;

/// <summary>Hugging Face <c>BertOnlyMLMHead</c>: a wrapper whose one child <c>predictions</c> gives the keys <c>cls.predictions.*</c>.</summary>
public sealed class BertOnlyMLMHead : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly BertLMPredictionHead predictions;

    public BertOnlyMLMHead(BertConfig config) : base(nameof(BertOnlyMLMHead))
    {
        predictions = new BertLMPredictionHead(config);
        RegisterComponents();
    }

    /// <param name="sequenceOutput">(..., H)</param>
    /// <param name="decoderWeight">(V, H) the tied word-embedding matrix.</param>
    /// <returns>(..., V) logits.</returns>
    public override Tensor forward(Tensor sequenceOutput, Tensor decoderWeight) => predictions.forward(sequenceOutput, decoderWeight);
}
