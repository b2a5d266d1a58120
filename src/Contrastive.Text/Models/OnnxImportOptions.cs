using Contrastive.Core;
using Contrastive.Text.Inference;

namespace Contrastive.Text.Models;

/// <summary>How <see cref="OnnxBertImporter"/> completes an imported BERT into a sentence pipeline.</summary>
/// <param name="Pooling">The pooling module (sentence-transformers' mean by default).</param>
/// <param name="Normalize">Append sentence-transformers' Normalize module.</param>
/// <param name="NumHeads">Attention heads, when the graph's Reshape constants do not tell.</param>
/// <param name="MaxSeqLength">sentence_bert_config's max_seq_length; null: min(256, max positions).</param>
public sealed record OnnxImportOptions(TokenPooling Pooling = TokenPooling.Mean, bool Normalize = false, int? NumHeads = null, int? MaxSeqLength = null)
{
    /// <summary>Named prompts recorded in config_sentence_transformers.json (e.g. "query").</summary>
    public IReadOnlyDictionary<string, string> Prompts { get; init; } = new Dictionary<string, string>();

    public OnnxImportOptions Validate()
    {
        if (NumHeads is < 1) throw new ContrastiveException($"--num-heads must be positive; got {NumHeads}.");
        if (MaxSeqLength is < 3) throw new ContrastiveException($"--max-seq-length must be at least 3; got {MaxSeqLength}.");
        return this;
    }
}
