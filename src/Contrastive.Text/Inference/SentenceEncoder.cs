using TorchSharp;
using Contrastive.Core;
using Contrastive.Core.PostProcessing;
using Contrastive.Text.Bert;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Text.Inference;

/// <summary>
/// Sentence embeddings from a BERT encoder and a pooler, in the manner of the SimCSE tool's <c>encode</c>:
/// sentences are sorted by length so each batch pads little, encoded in eval mode without gradients, and returned in
/// the caller's order.
/// <para>Inference runs in <see cref="Dtype"/>: float32, or bfloat16 (<see cref="WithDtype"/> casts a copy of the model;
/// on CPUs with AVX-512 BF16 / AMX its matrix products are several times faster). Pooling, whitening and normalisation
/// run in float32 on the bfloat16 hidden states, and embeddings are always returned as float32.</para>
/// </summary>
public sealed class SentenceEncoder
{
    /// <summary>The SimCSE tool's default maximum length for inference.</summary>
    public const int DefaultMaxSeqLength = 128;

    /// <param name="maxSeqLength">Sentences are truncated to this many tokens ([CLS] and [SEP] included), and never to
    /// more than the model's position embeddings.</param>
    /// <param name="whitening">Optional BERT-whitening applied to every pooled embedding (before normalisation).</param>
    public SentenceEncoder(BertModel bert, WordPieceTokenizer tokenizer, PoolerType pooler, int maxSeqLength = DefaultMaxSeqLength,
                           Whitening? whitening = null)
        : this(bert, tokenizer, SentencePipeline.FromPooler(bert, pooler, maxSeqLength, whitening))
    {
    }

    /// <param name="pipeline">The modules after the Transformer; its <c>MaxSeqLength</c> is capped at the model's
    /// position embeddings.</param>
    public SentenceEncoder(BertModel bert, WordPieceTokenizer tokenizer, SentencePipeline pipeline)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pipeline.MaxSeqLength, 2);
        var dtype = bert.parameters().FirstOrDefault()?.dtype ?? ScalarType.Float32;
        if (dtype is not (ScalarType.Float32 or ScalarType.BFloat16))
            throw new ArgumentException($"the model's parameters are {dtype}; inference supports float32 and bfloat16.", nameof(bert));
        if (pipeline.Dense.Count > 0 && pipeline.Dense[0].InFeatures != bert.Config.HiddenSize)
            throw new ContrastiveException($"The pipeline's first Dense layer takes {pipeline.Dense[0].InFeatures} features but the model's hidden size is {bert.Config.HiddenSize}.");
        for (int i = 1; i < pipeline.Dense.Count; i++)
            if (pipeline.Dense[i].InFeatures != pipeline.Dense[i - 1].OutFeatures)
                throw new ContrastiveException($"The pipeline's Dense layer {i + 1} takes {pipeline.Dense[i].InFeatures} features but the previous one gives {pipeline.Dense[i - 1].OutFeatures}.");
        Dtype = dtype;
        Bert = bert;
        Tokenizer = tokenizer;
        Pipeline = pipeline with { MaxSeqLength = Math.Min(pipeline.MaxSeqLength, bert.Config.MaxPositionEmbeddings) };
    }

    public BertModel Bert { get; }
    public WordPieceTokenizer Tokenizer { get; }
    /// <summary>Pooling, Dense layers and Normalize, as the folder's <c>modules.json</c> lists them.</summary>
    public SentencePipeline Pipeline { get; }
    public int MaxSeqLength => Pipeline.MaxSeqLength;
    public int Dimension => Pipeline.Dimension(Bert.Config.HiddenSize);

    /// <summary>The same encoder with another pipeline after the Transformer.</summary>
    public SentenceEncoder WithPipeline(SentencePipeline pipeline) => new(Bert, Tokenizer, pipeline);

    /// <summary>The model's parameter type, in which the encoder runs: float32 or bfloat16.</summary>
    public ScalarType Dtype { get; }

    /// <summary>
    /// The same encoder running in <paramref name="dtype"/> (float32 or bfloat16) on a converted copy of the model;
    /// this encoder and its model are left as they are. Returns this encoder when it already runs in that type.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="dtype"/> is neither float32 nor bfloat16.</exception>
    public SentenceEncoder WithDtype(ScalarType dtype)
    {
        if (dtype is not (ScalarType.Float32 or ScalarType.BFloat16))
            throw new ArgumentException($"inference runs in float32 or bfloat16, not {dtype}.", nameof(dtype));
        if (dtype == Dtype) return this;
        var copy = new BertModel(Bert.Config, addPoolingLayer: Bert.named_children().Any(c => c.name == "pooler"));
        using (no_grad())
        {
            copy.to(Dtype);
            var source = Bert.state_dict();
            foreach (var (name, target) in copy.state_dict()) target.copy_(source[name]);
            copy.to(dtype);
        }
        copy.eval();
        return new SentenceEncoder(copy, Tokenizer, Pipeline);
    }

    /// <summary>Embeddings (N, H) float32 on the CPU, in the order of <paramref name="sentences"/>.</summary>
    /// <param name="normalize">Scale each row to unit length.</param>
    /// <param name="progress">Called with the number of sentences encoded so far.</param>
    public Tensor Encode(IReadOnlyList<string> sentences, int batchSize = 64, bool normalize = false, Action<int>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var order = Enumerable.Range(0, sentences.Count).OrderByDescending(i => sentences[i].Length).ToArray();
        var result = zeros(sentences.Count, Dimension);
        bool wasTraining = Bert.training;
        Bert.eval();
        try
        {
            using var noGrad = no_grad();
            for (int start = 0; start < order.Length; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var idx = order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray();
                var tokens = Tokenizer.EncodeBatch(idx.Select(i => sentences[i]).ToArray(), MaxSeqLength);
                var output = Bert.Forward(tokens.InputIds, tokens.AttentionMask, tokens.TokenTypeIds,
                                          outputHiddenStates: Pipeline.Pooling.NeedsHiddenStates());
                if (Dtype != ScalarType.Float32) output = ToFloat32(output);
                var pooled = Pipeline.Apply(output, tokens.AttentionMask, normalize);           // (b, out)
                result.index_copy_(0, tensor(idx.Select(i => (long)i).ToArray()), pooled);
                progress?.Invoke(Math.Min(start + batchSize, order.Length));
            }
        }
        finally
        {
            if (wasTraining) Bert.train();
        }
        return result;
    }

    /// <summary>
    /// Embeddings of search queries: <see cref="Encode"/> of each query after the model's query prompt
    /// (<see cref="SentencePipeline.QueryPrompt"/>, e.g. arctic-embed-xs's "Represent this sentence for searching
    /// relevant passages: "); the same as <see cref="Encode"/> for models without one.
    /// </summary>
    public Tensor EncodeQueries(IReadOnlyList<string> queries, int batchSize = 64, bool normalize = false)
    {
        var prompt = Pipeline.QueryPrompt;
        return Encode(prompt.Length == 0 ? queries : queries.Select(q => prompt + q).ToArray(), batchSize, normalize);
    }

    /// <summary>The hidden states as float32, so pooling sums in full precision.</summary>
    static BertModelOutput ToFloat32(BertModelOutput o) => new(
        o.LastHiddenState.to(ScalarType.Float32),
        o.PoolerOutput?.to(ScalarType.Float32),
        o.HiddenStates?.Select(h => h.to(ScalarType.Float32)).ToArray());
}
