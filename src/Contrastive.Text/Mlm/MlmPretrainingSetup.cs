using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;

namespace Contrastive.Text.Mlm;

/// <summary>
/// Everything an MLM pre-training run needs, the library form of <c>contrastive bert pretrain</c>.
/// </summary>
/// <param name="CorpusFiles">Text files with one sentence per line (a <c>.tsv</c> line's last column).</param>
/// <param name="Training">The trainer's options; <see cref="DefaultTraining"/> gives BERT-like ones for small models.</param>
/// <param name="Mlm">Masking, maximum length and the saved folder's sentence-encoder pooler.</param>
/// <param name="ModelDir">A Hugging Face BERT folder to continue from (a <c>BertForMaskedLM</c> folder, or an
/// encoder-only one, whose MLM head is then initialised from the seed); null to start from a randomly initialised
/// BERT of <paramref name="NewModel"/>'s shape with the vocabulary <paramref name="VocabPath"/>.</param>
/// <param name="NewModel">Shape of a new model (vocab_size and pad_token_id are taken from the vocabulary); null:
/// <see cref="SmallModel"/>.</param>
/// <param name="HeldOutSentences">The last N corpus sentences held out for evaluation (<see cref="HeldOutSplit"/>);
/// null: 1% of the corpus, at least 1 and at most 2,000; 0: no evaluation (best = final).</param>
/// <param name="WarmupRatio">When set, the warm-up is this fraction of the planned steps (rounded), replacing
/// <c>Training.WarmupSteps</c>; 0.1 by default, a common choice for BERT-style pre-training of small models (BERT
/// itself warmed up for 10,000 of 1,000,000 steps). Null keeps <c>Training.WarmupSteps</c>.</param>
/// <param name="EvalBatchSize">Sentences per forward pass in evaluation.</param>
public sealed record MlmPretrainingSetup(
    IReadOnlyList<string> CorpusFiles,
    TrainingOptions Training,
    MlmOptions Mlm,
    string? ModelDir = null,
    BertConfig? NewModel = null,
    string? VocabPath = null,
    int? HeldOutSentences = null,
    double? WarmupRatio = MlmPretrainingSetup.DefaultWarmupRatio,
    int EvalBatchSize = 64)
{
    /// <summary>Warm-up over 10% of the planned steps, a common choice for BERT-style pre-training of small models.</summary>
    public const double DefaultWarmupRatio = 0.1;

    /// <summary>
    /// Trainer options for pre-training a small BERT on a CPU: AdamW at peak learning rate 5e-4 (higher than BERT-base's
    /// 1e-4, as small models tolerate), weight decay 0.01 and epsilon 1e-6 (BERT's), batch 64, gradient clipping at 1,
    /// evaluation and checkpoint every 125 steps, the best model by <c>mlm_accuracy</c>.
    /// </summary>
    public static TrainingOptions DefaultTraining(string outputDir) => new()
    {
        OutputDir = outputDir,
        LearningRate = 5e-4,
        WeightDecay = 0.01,
        AdamEpsilon = 1e-6,
        BatchSize = 64,
        EvalSteps = 125,
        MetricForBestModel = MlmEvaluator.AccuracyMetric,
    };

    /// <summary>A small BERT for CPU training: hidden 256, 4 layers, 4 heads, feed-forward 1024 (BERT-mini's shape,
    /// Turc et al. 2019), BERT's dropout 0.1 and 512 positions.</summary>
    public static BertConfig SmallModel { get; } = new()
    {
        HiddenSize = 256,
        NumHiddenLayers = 4,
        NumAttentionHeads = 4,
        IntermediateSize = 1024,
    };

    /// <summary>Throws a <see cref="ContrastiveException"/> naming the first invalid value.</summary>
    /// <summary>The arguments besides <c>Training</c> that change the run, saved with each checkpoint and compared on
    /// resume (<see cref="TrainingSettings"/>).</summary>
    public IReadOnlyDictionary<string, string> ResumeSettings() => TrainingSettings.Describe(
        ("mlm", Mlm), ("new_model", ModelDir is null ? NewModel : null), ("held_out_sentences", HeldOutSentences));

    public MlmPretrainingSetup Validate()
    {
        if (CorpusFiles is null || CorpusFiles.Count == 0) throw new ContrastiveException("No corpus file was given.");
        if (ModelDir is null && VocabPath is null)
            throw new ContrastiveException("Give either a model folder to start from or a vocabulary (vocab.txt) for a new model.");
        if (ModelDir is not null && VocabPath is not null)
            throw new ContrastiveException("Give either a model folder or a vocabulary for a new model, not both (the model folder has its own vocabulary).");
        if (HeldOutSentences is < 0)
            throw new ContrastiveException($"The number of held-out sentences must be 0 or more, got {HeldOutSentences}.");
        if (WarmupRatio is { } r && !(r >= 0 && r < 1))
            throw new ContrastiveException($"The warm-up ratio must lie in [0, 1), got {r}.");
        if (EvalBatchSize < 1) throw new ContrastiveException($"The evaluation batch size must be at least 1, got {EvalBatchSize}.");
        Mlm.Validate();
        Training.Validate();
        return this;
    }
}
