using Contrastive.Core;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;

namespace Contrastive.Embeddings.Onnx;

/// <summary>
/// What <see cref="BertOnnxExporter"/> writes: a sentence-transformers pipeline spelled out as components, the
/// Transformer (<paramref name="Bert"/>), the token <paramref name="Pooling"/>, zero or more <paramref name="Dense"/>
/// layers in order (BERT's pooler as tanh, BERT-whitening as identity), and optional unit-length normalisation. The
/// types are the pipeline's own (<see cref="SentencePipeline"/>).
/// </summary>
public sealed record OnnxEncoderParts(BertModel Bert, TokenPooling Pooling, IReadOnlyList<DenseLayer> Dense, bool Normalize)
{
    /// <summary>Width of <c>sentence_embedding</c>.</summary>
    public int Dimension => Dense.Count > 0 ? Dense[^1].OutFeatures : Bert.Config.HiddenSize;

    /// <summary>Whether <see cref="BertOnnxExporter"/> can write <paramref name="pooling"/>: every mode but the masked max.</summary>
    public static bool CanExport(TokenPooling pooling) => pooling != TokenPooling.Max;

    /// <summary>
    /// The components of <paramref name="encoder"/>'s pipeline as they are: its pooling, its Dense layers (BERT's
    /// pooler, a whitening, a sentence-transformers Dense) and its Normalize, or unit length when
    /// <paramref name="normalize"/> asks for it.
    /// </summary>
    /// <exception cref="ContrastiveException">The pipeline pools in a way the exporter does not write (max).</exception>
    public static OnnxEncoderParts From(SentenceEncoder encoder, bool normalize = false)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var pipeline = encoder.Pipeline;
        return new OnnxEncoderParts(encoder.Bert, pipeline.Pooling, pipeline.Dense, pipeline.Normalize || normalize).Validate();
    }

    public OnnxEncoderParts Validate()
    {
        if (!CanExport(Pooling))
            throw new ContrastiveException($"Pooling '{Pooling.ToName()}' cannot be exported to ONNX; the exporter writes {string.Join(", ", TokenPoolingNames.All.Where(n => CanExport(TokenPoolingNames.Parse(n))))}.");
        int width = Bert.Config.HiddenSize;
        for (int j = 0; j < Dense.Count; j++)
        {
            if (Dense[j].InFeatures != width)
                throw new ContrastiveException($"Dense layer {j} takes {Dense[j].InFeatures} features but receives {width}.");
            width = Dense[j].OutFeatures;
        }
        if (Pooling is TokenPooling.AvgFirstLast or TokenPooling.AvgTop2 && Bert.Config.NumHiddenLayers < 1)
            throw new ContrastiveException($"Pooling '{Pooling.ToName()}' needs at least one Transformer layer.");
        return this;
    }
}
