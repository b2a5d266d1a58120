using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Backends;

/// <summary>The TorchSharp backend: a <see cref="SentenceEncoder"/> (BERT, pooler, optional whitening) in float32 or bfloat16.</summary>
public sealed class TorchSharpSentenceEncoder(SentenceEncoder encoder) : ISentenceEncoder
{
    public SentenceEncoder Encoder { get; } = encoder ?? throw new ArgumentNullException(nameof(encoder));
    public InferenceBackend Backend => InferenceBackend.Torch;
    public WordPieceTokenizer Tokenizer => Encoder.Tokenizer;
    public int MaxSeqLength => Encoder.MaxSeqLength;
    public int Dimension => Encoder.Dimension;
    public string PoolerName => Encoder.Pipeline.SimCsePooler?.ToName() ?? Encoder.Pipeline.Describe();

    public string QueryPrompt => Encoder.Pipeline.QueryPrompt;
    public Tensor EncodeTokens(IReadOnlyList<IReadOnlyList<int>> tokenIds, int batchSize = 64, bool normalize = false, Action<int>? progress = null) =>
        Encoder.EncodeTokens(tokenIds, batchSize, normalize, progress);

    /// <summary>The model belongs to the caller (it may be shared); nothing to release here.</summary>
    public void Dispose() { }
}
