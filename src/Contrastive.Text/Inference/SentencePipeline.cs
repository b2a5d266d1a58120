using Contrastive.Core;
using Contrastive.Core.PostProcessing;
using Contrastive.Text.Bert;
using Contrastive.Text.Pooling;
using static TorchSharp.torch;

namespace Contrastive.Text.Inference;

/// <summary>
/// What follows the Transformer in a sentence-transformers pipeline (<c>modules.json</c>), typed: a
/// <see cref="TokenPooling"/>, zero or more <see cref="DenseLayer"/>s in order, then optionally <c>Normalize</c>
/// (unit length). <see cref="MaxSeqLength"/> is <c>sentence_bert_config.json</c>'s <c>max_seq_length</c>;
/// <see cref="Prompts"/> is <c>config_sentence_transformers.json</c>'s <c>prompts</c> (e.g. a query prefix).
/// <see cref="Models.SentenceTransformersFolder"/> reads and writes it; <see cref="SentenceEncoder"/> runs it.
/// </summary>
public sealed record SentencePipeline(TokenPooling Pooling, IReadOnlyList<DenseLayer> Dense, bool Normalize, int MaxSeqLength)
{
    /// <summary>The name of the query prompt in <see cref="Prompts"/> (sentence-transformers' convention).</summary>
    public const string QueryPromptName = "query";

    /// <summary>Text prepended to the input for a named task, e.g. <c>{"query": "Represent this sentence ...: "}</c>.</summary>
    public IReadOnlyDictionary<string, string> Prompts { get; init; } = new Dictionary<string, string>();

    /// <summary>The prefix for search queries, or "" when the model has none.</summary>
    public string QueryPrompt => Prompts.TryGetValue(QueryPromptName, out var p) ? p : "";

    /// <summary>The width of the output vectors given the Transformer's hidden size.</summary>
    public int Dimension(int hiddenSize) => Dense.Count == 0 ? hiddenSize : Dense[^1].OutFeatures;

    /// <summary>
    /// SimCSE's pooler as a pipeline on <paramref name="bert"/>: cls = CLS token + Dense(tanh) sharing BERT's pooler,
    /// cls_before_pooler = CLS token, avg = mean, avg_first_last / avg_top2 = our layer averages; then the optional
    /// whitening as an identity Dense.
    /// </summary>
    public static SentencePipeline FromPooler(BertModel bert, PoolerType pooler, int maxSeqLength, Whitening? whitening = null)
    {
        var dense = new List<DenseLayer>();
        if (pooler == PoolerType.Cls)
            dense.Add(DenseLayer.FromBertPooler(bert.pooler
                ?? throw new ContrastiveException("Pooler type 'cls' needs the BERT pooler, but this model has none; use 'cls_before_pooler'.")));
        if (whitening is not null) dense.Add(DenseLayer.FromWhitening(whitening));
        var pooling = pooler switch
        {
            PoolerType.Cls or PoolerType.ClsBeforePooler => TokenPooling.Cls,
            PoolerType.Avg => TokenPooling.Mean,
            PoolerType.AvgFirstLast => TokenPooling.AvgFirstLast,
            PoolerType.AvgTop2 => TokenPooling.AvgTop2,
            _ => throw new ArgumentOutOfRangeException(nameof(pooler), pooler, "not a PoolerType"),
        };
        return new SentencePipeline(pooling, dense, Normalize: false, maxSeqLength);
    }

    /// <summary>
    /// This pipeline with SimCSE's <paramref name="pooler"/> in place of its pooling and its BERT-pooler Dense (a
    /// leading tanh Dense after CLS pooling); later Dense layers, Normalize, the length and the prompts are kept.
    /// </summary>
    public SentencePipeline WithPooler(BertModel bert, PoolerType pooler)
    {
        var rest = Dense.Skip(HasBertPoolerDense ? 1 : 0);
        var head = FromPooler(bert, pooler, MaxSeqLength);
        return this with { Pooling = head.Pooling, Dense = [.. head.Dense, .. rest] };
    }

    /// <summary>This pipeline without its trailing identity Dense layers (a fitted whitening), e.g. to fit it anew.</summary>
    public SentencePipeline WithoutWhitening()
    {
        int keep = Dense.Count;
        while (keep > 0 && Dense[keep - 1].Activation == DenseActivation.Identity && !(keep == 1 && HasBertPoolerDense)) keep--;
        return this with { Dense = Dense.Take(keep).ToArray() };
    }

    /// <summary>This pipeline with <paramref name="whitening"/> appended as an identity Dense (before Normalize).</summary>
    public SentencePipeline WithWhitening(Whitening whitening) => this with { Dense = [.. Dense, DenseLayer.FromWhitening(whitening)] };

    /// <summary>Whether the first Dense is a tanh layer after CLS pooling, i.e. BERT's pooler (SimCSE's "cls").</summary>
    public bool HasBertPoolerDense => Pooling == TokenPooling.Cls && Dense.Count > 0 && Dense[0].Activation == DenseActivation.Tanh
                                      && Dense[0].InFeatures == Dense[0].OutFeatures;

    /// <summary>SimCSE's name for the pooling and BERT-pooler Dense, or null when there is none (max, mean_sqrt_len).</summary>
    public PoolerType? SimCsePooler => Pooling switch
    {
        TokenPooling.Cls => HasBertPoolerDense ? PoolerType.Cls : PoolerType.ClsBeforePooler,
        TokenPooling.Mean => PoolerType.Avg,
        TokenPooling.AvgFirstLast => PoolerType.AvgFirstLast,
        TokenPooling.AvgTop2 => PoolerType.AvgTop2,
        _ => null,
    };

    /// <summary>A short description, e.g. "cls + Dense(384->384, tanh) + Normalize".</summary>
    public string Describe() => string.Join(" + ",
        new[] { Pooling.ToName() }
            .Concat(Dense.Select(d => $"Dense({d.InFeatures}->{d.OutFeatures}, {d.Activation.ToString().ToLowerInvariant()})"))
            .Concat(Normalize ? ["Normalize"] : []));

    /// <summary>Runs pooling, the Dense layers and Normalize: (B, H) float32 -> (B, out) float32.</summary>
    public Tensor Apply(BertModelOutput output, Tensor attentionMask, bool normalize = false)
    {
        using var scope = NewDisposeScope();
        var x = Pooling.Pool(output, attentionMask).to(ScalarType.Float32);
        foreach (var d in Dense) x = d.Apply(x);
        if (Normalize || normalize) x = nn.functional.normalize(x, p: 2, dim: 1);
        return x.MoveToOuterDisposeScope();
    }
}
