using Contrastive.Core.Losses;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Text.Distillation;

/// <summary>
/// Sentence-embedding distillation as a training method: a student BERT and its pooler are trained on unlabeled
/// sentences to reproduce a teacher's embeddings of them (SimCLR v2's third step, Chen et al. 2020,
/// arXiv:2006.10029; sentence-transformers' model distillation, Reimers and Gurevych 2020, arXiv:2004.09813), with
/// the loss of <see cref="DistillationOptions.Loss"/>:
/// <code>
/// s = pool(student(x)) (B, D_s),  t = teacher embeddings of x (B, D_t, precomputed),  L = loss(s, t)
/// </code>
/// The student is saved as an ordinary sentence-encoder folder (a sentence-transformers pipeline): its pooling, then
/// Normalize when the teacher's pipeline normalises (its targets are then unit vectors).
/// </summary>
public sealed class SentenceDistillation : ITrainingMethod<DistillationBatch>
{
    readonly BertModel _student;
    readonly WordPieceTokenizer _tokenizer;
    readonly SentencePooler _pooler;
    readonly nn.Module<Tensor, Tensor, Tensor> _loss;
    readonly bool _normalize;

    /// <param name="normalize">Whether the saved student's pipeline ends with Normalize (as the teacher's).</param>
    public SentenceDistillation(BertModel student, WordPieceTokenizer tokenizer, PoolerType pooler, DistillationOptions options, bool normalize = false)
    {
        Options = options.Validate();
        (_student, _tokenizer, _pooler, _normalize) = (student, tokenizer, new SentencePooler(pooler), normalize);
        _loss = options.Loss.Create(options.Temperature);
    }

    public DistillationOptions Options { get; }

    public BertModel Student => _student;

    public nn.Module Model => _student;

    public Tensor ComputeLoss(DistillationBatch batch)
    {
        var tokens = batch.Tokens;
        var output = _student.Forward(tokens.InputIds, tokens.AttentionMask, tokens.TokenTypeIds, outputHiddenStates: _pooler.NeedsHiddenStates);
        var pooled = _pooler.Pool(output, tokens.AttentionMask);   // (B, D_s)
        // The student is trained on what it will output: unit vectors when its pipeline ends with Normalize (the
        // teacher's targets are then unit vectors too, and MSE between them is (2 - 2 cos) / D).
        if (_normalize) pooled = nn.functional.normalize(pooled, p: 2, dim: 1);
        return _loss.forward(pooled, batch.Teacher);
    }

    public void SaveModel(string directory) =>
        SentenceEncoderFolder.Save(directory, _student, _tokenizer, CreateEncoder().Pipeline);

    /// <summary>An encoder over the student being trained, with the pipeline it is saved with (for STS dev evaluation).</summary>
    public SentenceEncoder CreateEncoder() =>
        new(_student, _tokenizer, SentencePipeline.FromPooler(_student, _pooler.Type, Options.MaxSeqLength) with { Normalize = _normalize });
}
