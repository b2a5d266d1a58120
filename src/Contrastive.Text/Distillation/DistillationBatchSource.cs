using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Text.Distillation;

/// <summary>
/// Unlabeled sentences paired with the teacher's embeddings of them (computed once, see
/// <see cref="TeacherEmbeddingCache"/>), for the <see cref="Trainer{TBatch}"/>. Tokenises on demand, padding a batch to
/// its longest sentence.
/// </summary>
public sealed class DistillationBatchSource : IBatchSource<DistillationBatch>
{
    readonly IReadOnlyList<string> _sentences;
    readonly Tensor _teacher;
    readonly WordPieceTokenizer _tokenizer;
    readonly int _maxSeqLength;

    /// <param name="teacher">(N, D_t) embeddings, row i of sentence i; kept (not copied), owned by the caller.</param>
    public DistillationBatchSource(IReadOnlyList<string> sentences, Tensor teacher, WordPieceTokenizer tokenizer, int maxSeqLength)
    {
        if (sentences.Count == 0) throw new ContrastiveException("The distillation corpus has no sentences.");
        if (teacher.dim() != 2 || teacher.shape[0] != sentences.Count)
            throw new ArgumentException($"teacher must be ({sentences.Count}, D); got [{string.Join(", ", teacher.shape)}].", nameof(teacher));
        (_sentences, _teacher, _tokenizer, _maxSeqLength) = (sentences, teacher, tokenizer, maxSeqLength);
    }

    public int Count => _sentences.Count;

    public DistillationBatch GetBatch(IReadOnlyList<int> indices)
    {
        var tokens = _tokenizer.EncodeBatch(indices.Select(i => _sentences[i]).ToArray(), _maxSeqLength);
        var rows = _teacher.index_select(0, tensor(indices.Select(i => (long)i).ToArray()));   // (B, D_t)
        return new DistillationBatch(tokens, rows);
    }
}
