using Contrastive.Core;
using Contrastive.Core.Losses;
using Contrastive.Text.Pooling;

namespace Contrastive.Text.SimCse;

/// <summary>
/// SimCSE's model arguments (Gao, Yao, Chen 2021, "SimCSE: Simple Contrastive Learning of Sentence Embeddings",
/// arXiv:2104.08821; defaults from the official <c>train.py</c> and the paper's unsupervised recipe).
/// </summary>
/// <param name="Pooler">How a sentence vector is read from BERT's outputs. <c>cls</c> applies the MLP
/// (<c>Linear(H,H)+Tanh</c>, stored as Hugging Face's <c>pooler.dense</c>) on top of the [CLS] state.</param>
/// <param name="Temperature">tau in sim(h_i, h_j) / tau; 0.05 in the paper.</param>
/// <param name="HardNegativeWeight">Added to the logit of each anchor's own hard negative (supervised only); 0 in
/// the official code, i.e. the paper's alpha = 1.</param>
/// <param name="MlpOnlyTrain">Use the MLP during training only and plain [CLS] (<c>cls_before_pooler</c>) at test
/// time: the paper's recipe for unsupervised SimCSE.</param>
/// <param name="DoMlm">Add the auxiliary masked-language-model loss (paper, appendix D).</param>
/// <param name="MlmWeight">lambda in L = L_cl + lambda * L_mlm; 0.1 in the official code.</param>
/// <param name="MaxSeqLength">Sentences are truncated to this many tokens, [CLS] and [SEP] included; 32 in the paper.</param>
/// <param name="Loss">The contrastive loss: SimCSE's InfoNCE (default) or the supervised contrastive loss (SupCon,
/// Khosla et al. 2020) over every sentence of the batch, an example's sentences (anchor and positive) forming one
/// class and each hard negative a class of its own.</param>
public sealed record SimCseOptions(
    PoolerType Pooler = SimCseOptions.DefaultPooler,
    double Temperature = SimCseOptions.DefaultTemperature,
    double HardNegativeWeight = SimCseOptions.DefaultHardNegativeWeight,
    bool MlpOnlyTrain = false,
    bool DoMlm = false,
    double MlmWeight = SimCseOptions.DefaultMlmWeight,
    int MaxSeqLength = SimCseOptions.DefaultMaxSeqLength,
    SimCseLoss Loss = SimCseLoss.InfoNce)
{
    /// <summary>SimCSE's <c>--pooler_type cls</c>: the MLP over [CLS] (official <c>train.py</c>).</summary>
    public const PoolerType DefaultPooler = PoolerType.Cls;

    /// <summary>tau = 0.05 (Gao et al. 2021, section 3 and table D.1).</summary>
    public const double DefaultTemperature = 0.05;

    /// <summary>0: the official code's <c>--hard_negative_weight</c>, i.e. the paper's alpha = 1.</summary>
    public const double DefaultHardNegativeWeight = 0.0;

    /// <summary>lambda = 0.1 (official code's <c>--mlm_weight</c>; paper, appendix D).</summary>
    public const double DefaultMlmWeight = 0.1;

    /// <summary>32 tokens (the paper's <c>--max_seq_len</c> for unsupervised and supervised training).</summary>
    public const int DefaultMaxSeqLength = 32;

    /// <summary>The pooler used at evaluation and inference time.</summary>
    public PoolerType EvaluationPooler => MlpOnlyTrain && Pooler == PoolerType.Cls ? PoolerType.ClsBeforePooler : Pooler;

    /// <summary>Hard-negative-aware loss (Robinson et al. 2021) instead of InfoNCE; null: InfoNCE (the paper).</summary>
    public HclOptions? Hcl { get; init; }

    public SimCseOptions Validate()
    {
        Hcl?.Validate();
        if (Hcl is not null && HardNegativeWeight != 0)
            throw new ContrastiveException($"The hard-negative weight ({HardNegativeWeight}) applies to InfoNCE only, not to the HCL loss.");
        if (Hcl is not null && Loss != SimCseLoss.InfoNce)
            throw new ContrastiveException($"The HCL loss replaces InfoNCE; it cannot be combined with the {Loss} loss.");
        if (!(Temperature > 0) || double.IsInfinity(Temperature))
            throw new ContrastiveException($"The SimCSE temperature must be a positive number; got {Temperature}.");
        if (!double.IsFinite(HardNegativeWeight))
            throw new ContrastiveException($"The hard-negative weight must be finite; got {HardNegativeWeight}.");
        if (!(MlmWeight >= 0) || double.IsInfinity(MlmWeight))
            throw new ContrastiveException($"The MLM weight must be a non-negative number; got {MlmWeight}.");
        if (MaxSeqLength < 3)
            throw new ContrastiveException($"The maximum sequence length must be at least 3 ([CLS] token [SEP]); got {MaxSeqLength}.");
        if (!Enum.IsDefined(Loss))
            throw new ContrastiveException($"Unknown SimCSE loss {Loss}.");
        return this;
    }
}
