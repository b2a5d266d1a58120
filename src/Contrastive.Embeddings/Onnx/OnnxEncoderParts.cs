using Contrastive.Core;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;

namespace Contrastive.Embeddings.Onnx;

/// <summary>
/// What <see cref="BertOnnxExporter"/> writes: a sentence-transformers pipeline spelled out as components, the
/// Transformer (<paramref name="Bert"/>), the token <paramref name="Pooling"/>, zero or more <paramref name="Dense"/>
/// layers in order (BERT's pooler as tanh, BERT-whitening as identity), and optional unit-length normalisation.
/// </summary>
public sealed record OnnxEncoderParts(BertModel Bert, TokenPooling Pooling, IReadOnlyList<DenseLayer> Dense, bool Normalize)
{
    /// <summary>Width of <c>sentence_embedding</c>.</summary>
    public int Dimension => Dense.Count > 0 ? Dense[^1].OutFeatures : Bert.Config.HiddenSize;

    /// <summary>
    /// The components of a <see cref="SentenceEncoder"/>: "cls" is CLS pooling then BERT's pooler as a tanh Dense,
    /// "cls_before_pooler" CLS pooling, the "avg" poolers masked means; a whitening becomes an identity Dense layer.
    /// </summary>
    public static OnnxEncoderParts From(SentenceEncoder encoder, bool normalize = false)
    {
        var dense = new List<DenseLayer>();
        var pooling = encoder.Pooler.Type switch
        {
            PoolerType.Cls or PoolerType.ClsBeforePooler => TokenPooling.Cls,
            PoolerType.Avg => TokenPooling.Mean,
            PoolerType.AvgFirstLast => TokenPooling.MeanFirstLast,
            PoolerType.AvgTop2 => TokenPooling.MeanTop2,
            var other => throw new ContrastiveException($"Pooler type '{other.ToName()}' cannot be exported to ONNX."),
        };
        if (encoder.Pooler.Type == PoolerType.Cls)
        {
            var pooler = encoder.Bert.pooler
                ?? throw new ContrastiveException("Pooler type 'cls' needs the BERT pooler, but this model has none; use 'cls_before_pooler'.");
            dense.Add(new DenseLayer(pooler.dense.weight!, pooler.dense.bias, DenseActivation.Tanh));
        }
        if (encoder.Whitening is { } w) dense.Add(DenseLayer.FromWhitening(w));
        return new OnnxEncoderParts(encoder.Bert, pooling, dense, normalize).Validate();
    }

    public OnnxEncoderParts Validate()
    {
        int width = Bert.Config.HiddenSize;
        for (int j = 0; j < Dense.Count; j++)
        {
            if (Dense[j].InFeatures != width)
                throw new ContrastiveException($"Dense layer {j} takes {Dense[j].InFeatures} features but receives {width}.");
            if (Dense[j].Bias is { } b && (b.dim() != 1 || b.shape[0] != Dense[j].OutFeatures))
                throw new ContrastiveException($"Dense layer {j}: the bias must have {Dense[j].OutFeatures} entries.");
            width = Dense[j].OutFeatures;
        }
        if (Pooling is TokenPooling.MeanFirstLast or TokenPooling.MeanTop2 && Bert.Config.NumHiddenLayers < 1)
            throw new ContrastiveException($"Pooling {Pooling} needs at least one Transformer layer.");
        return this;
    }
}
