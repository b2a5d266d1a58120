using Contrastive.Core.Transformers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Model;

/// <summary>
/// SASRec (Kang and McAuley, "Self-Attentive Sequential Recommendation", ICDM 2018) as RecBole's <c>SASRec</c>:
/// <c>E = Dropout(LayerNorm(item_embedding(s) + position_embedding(0..T-1)))</c>, then causal Transformer layers;
/// the output at position t represents the prefix s_0..s_t, and the score of item i for it is the dot product with
/// the shared item embedding, <c>h_t · e_i</c> (RecBole's full-softmax <c>CE</c> loss). State-dict names follow
/// RecBole: <c>item_embedding</c>, <c>position_embedding</c>, <c>LayerNorm</c>, <c>trm_encoder.layer.N...</c>.
/// <para>Sequences are left-aligned and right-padded with 0 (as RecBole), at most
/// <see cref="SasRecConfig.MaxSeqLength"/> items; the item table has N + 2 rows (0 padding, 1..N items, N + 1
/// CL4SRec's mask token), and scores cover the items 1..N only.</para>
/// </summary>
public sealed class SasRec : nn.Module<Tensor, Tensor>
{
    public readonly Embedding item_embedding;
    public readonly Embedding position_embedding;
    public readonly LayerNorm LayerNorm;
    public readonly Dropout dropout;
    public readonly TransformerEncoder trm_encoder;

    public SasRecConfig Config { get; }

    /// <param name="config">Validated here.</param>
    /// <param name="generator">Source of the initial weights (RecBole's <c>_init_weights</c>, <see cref="TransformerInit"/>:
    /// N(0, initializer_range) for Linear and Embedding weights, zero biases, LayerNorm 1/0); null uses the global generator.</param>
    public SasRec(SasRecConfig config, Generator? generator = null) : base(nameof(SasRec))
    {
        Config = config.Validate();
        item_embedding = nn.Embedding(config.EmbeddingRows, config.HiddenSize, padding_idx: 0);
        position_embedding = nn.Embedding(config.MaxSeqLength, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropout);
        trm_encoder = new TransformerEncoder(config);
        RegisterComponents();
        Initialize(generator);
    }

    void Initialize(Generator? generator)
    {
        TransformerInit.Apply(this, Config.InitializerRange, generator);
        using var noGrad = no_grad();
        item_embedding.weight![0].zero_();
    }

    /// <param name="items">(B, T) item ids, right-padded with 0, T ≤ MaxSeqLength.</param>
    /// <returns>(B, T, H): position t's output depends on items 0..t only; zeros at the padding. The position-wise
    /// layers run on the real tokens only (<see cref="TokenLayout"/>).</returns>
    public override Tensor forward(Tensor items)
    {
        long T = items.shape[1];
        if (T > Config.MaxSeqLength)
            throw new ArgumentException($"Sequences of {T} items are longer than the model's maximum {Config.MaxSeqLength}.", nameof(items));
        using var scope = NewDisposeScope();
        var layout = new TokenLayout(items);
        var positions = arange(T, dtype: ScalarType.Int64, device: items.device);            // (T)
        var x = item_embedding.forward(items) + position_embedding.forward(positions);      // (B, T, H)
        x = dropout.forward(LayerNorm.forward(layout.Pack(x)));                              // (M, H) real tokens
        return layout.Pad(trm_encoder.forward(x, layout)).MoveToOuterDisposeScope();        // (B, T, H), 0 at padding
    }

    /// <summary>The sequence representation: the output at each sequence's last item.</summary>
    /// <param name="items">(B, T) right-padded item ids.</param>
    /// <param name="lengths">(B) int64 number of items of each row, 1..T.</param>
    /// <returns>(B, H)</returns>
    public Tensor Represent(Tensor items, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        return LastPositions(forward(items), lengths).MoveToOuterDisposeScope();            // (B, H)
    }

    /// <summary>Each row's output at its last item (RecBole's <c>gather_indexes(output, item_seq_len - 1)</c>).</summary>
    /// <param name="hidden">(B, T, H) encoder outputs.</param>
    /// <param name="lengths">(B) int64 number of items of each row, 1..T.</param>
    /// <returns>(B, H)</returns>
    public static Tensor LastPositions(Tensor hidden, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        long B = hidden.shape[0], H = hidden.shape[2];
        var last = (lengths - 1).view(B, 1, 1).expand(B, 1, H);                             // (B, 1, H)
        return hidden.gather(1, last).squeeze(1).MoveToOuterDisposeScope();                 // (B, H)
    }

    /// <summary>Scores of the items 1..N: <c>h · e_i</c>; column j is item j + 1.</summary>
    /// <param name="hidden">(..., H)</param>
    /// <returns>(..., N)</returns>
    public Tensor Scores(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var items = item_embedding.weight!.narrow(0, 1, Config.NumItems);                   // (N, H)
        return matmul(hidden, items.t()).MoveToOuterDisposeScope();                         // (..., N)
    }
}
