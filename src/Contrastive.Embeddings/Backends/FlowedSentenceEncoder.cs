using Contrastive.Core.Flows;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Backends;

/// <summary>
/// BERT-flow (Li et al. 2020) applied after any backend: the inner encoder's pooled embeddings u (N, D), un-normalised,
/// pass through the folder's fitted <see cref="GlowFlow"/>, z = f(u), and are then normalised when asked. The flow is
/// a post-processing step of the folder (<c>flow.safetensors</c>, see <c>SentenceFlow</c>), so it runs here for the
/// TorchSharp and the ONNX Runtime backends alike; <see cref="SentenceEncoderLoader"/> adds it whenever the folder has one.
/// </summary>
public sealed class FlowedSentenceEncoder(ISentenceEncoder inner, GlowFlow flow) : ISentenceEncoder
{
    public ISentenceEncoder Inner { get; } = inner;

    public GlowFlow Flow { get; } = flow;

    public InferenceBackend Backend => Inner.Backend;

    public WordPieceTokenizer Tokenizer => Inner.Tokenizer;

    public int MaxSeqLength => Inner.MaxSeqLength;

    public int Dimension => Inner.Dimension;

    public string PoolerName => Inner.PoolerName;

    public string QueryPrompt => Inner.QueryPrompt;

    /// <summary>(N, D) float32: the flow of the inner encoder's un-normalised embeddings, unit rows when <paramref name="normalize"/>.</summary>
    public Tensor EncodeTokens(IReadOnlyList<IReadOnlyList<int>> tokenIds, int batchSize = 64, bool normalize = false, Action<int>? progress = null)
    {
        using var scope = NewDisposeScope();
        var z = Flow.Transform(Inner.EncodeTokens(tokenIds, batchSize, normalize: false, progress));
        return (normalize ? nn.functional.normalize(z, p: 2, dim: 1) : z).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        Inner.Dispose();
        Flow.Dispose();
    }
}
