using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Backends;

/// <summary>
/// A sentence encoder behind an inference backend (<see cref="TorchSharpSentenceEncoder"/>,
/// <see cref="OnnxRuntimeSentenceEncoder"/>): the same WordPiece tokenizer and maximum length, texts tokenised once,
/// then encoded longest first in batches so each pads little, embeddings returned in the caller's order.
/// </summary>
public interface ISentenceEncoder : IDisposable
{
    InferenceBackend Backend { get; }
    WordPieceTokenizer Tokenizer { get; }

    /// <summary>Sentences are truncated to this many tokens ([CLS] and [SEP] included).</summary>
    int MaxSeqLength { get; }

    /// <summary>Width D of the embeddings.</summary>
    int Dimension { get; }

    /// <summary>The pooler's SimCSE name (e.g. "avg", "cls"), else the pipeline's description (e.g. "max + Normalize").</summary>
    string PoolerName { get; }

    /// <summary>Embeddings (N, D) float32 on the CPU of already tokenised sentences (each [CLS] ... [SEP]), in their order.</summary>
    /// <param name="normalize">Scale each row to unit length.</param>
    /// <param name="progress">Called with the number of sentences encoded so far.</param>
    Tensor EncodeTokens(IReadOnlyList<IReadOnlyList<int>> tokenIds, int batchSize = 64, bool normalize = false, Action<int>? progress = null);

    /// <summary>The token ids of each sentence, truncated to <see cref="MaxSeqLength"/>.</summary>
    IReadOnlyList<int>[] Tokenize(IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var ids = new IReadOnlyList<int>[sentences.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = Tokenizer.Encode(sentences[i], MaxSeqLength);
        return ids;
    }

    /// <summary>The prefix of search queries (<see cref="Text.Inference.SentencePipeline.QueryPrompt"/>), or "" when the model has none.</summary>
    string QueryPrompt { get; }

    /// <summary>Embeddings of search queries: <see cref="Encode"/> of each query after <see cref="QueryPrompt"/>.</summary>
    Tensor EncodeQueries(IReadOnlyList<string> queries, int batchSize = 64, bool normalize = false) =>
        Encode(QueryPrompt.Length == 0 ? queries : queries.Select(q => QueryPrompt + q).ToArray(), batchSize, normalize);

    /// <summary>Embeddings (N, D) float32 on the CPU, in the order of <paramref name="sentences"/>; each tokenised once.</summary>
    Tensor Encode(IReadOnlyList<string> sentences, int batchSize = 64, bool normalize = false, Action<int>? progress = null) =>
        EncodeTokens(Tokenize(sentences), batchSize, normalize, progress);
}
