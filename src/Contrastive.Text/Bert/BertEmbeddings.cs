using Contrastive.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Contrastive.Core.Transformers.ResidualOutput;

namespace Contrastive.Text.Bert;

/// <summary>
/// BERT's input embeddings (Hugging Face <c>BertEmbeddings</c>, absolute positions):
/// <c>E = Dropout(LayerNorm(W_word[ids] + W_pos[0..T) + W_type[token_type_ids]))</c>.
/// <para>State-dict keys: <c>word_embeddings.weight</c>, <c>position_embeddings.weight</c>,
/// <c>token_type_embeddings.weight</c>, <c>LayerNorm.weight</c>, <c>LayerNorm.bias</c>. Hugging Face's
/// <c>position_ids</c> buffer is not kept: positions are the rows <c>[0, T)</c> of the table, sliced directly.</para>
/// </summary>
public sealed class BertEmbeddings : nn.Module<Tensor, Tensor?, Tensor>
{
    public readonly Embedding word_embeddings;
    public readonly Embedding position_embeddings;
    public readonly Embedding token_type_embeddings;
    public readonly LayerNorm LayerNorm;
    public readonly Dropout dropout;

    readonly int maxPositions;

    public BertEmbeddings(BertConfig config) : base(nameof(BertEmbeddings))
    {
        word_embeddings = nn.Embedding(config.VocabSize, config.HiddenSize, padding_idx: config.PadTokenId);
        position_embeddings = nn.Embedding(config.MaxPositionEmbeddings, config.HiddenSize);
        token_type_embeddings = nn.Embedding(config.TypeVocabSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        maxPositions = config.MaxPositionEmbeddings;
        RegisterComponents();
    }

    /// <param name="inputIds">(B, T) int64 token ids.</param>
    /// <param name="tokenTypeIds">(B, T) int64 segment ids, or null for all zeros.</param>
    /// <returns>(B, T, H)</returns>
    public override Tensor forward(Tensor inputIds, Tensor? tokenTypeIds)
    {
        var T = inputIds.shape[1];
        if (T > maxPositions)
            throw new ContrastiveException($"Sequence length {T} exceeds max_position_embeddings {maxPositions}.");
        using var scope = NewDisposeScope();
        var x = word_embeddings.forward(inputIds);                          // (B, T, H)
        x.add_(position_embeddings.weight!.narrow(0, 0, T), One);             // + (T, H), broadcast over B
        if (tokenTypeIds is null)
            x.add_(token_type_embeddings.weight!.select(0, 0), One);          // + (H): type 0 everywhere
        else
            x.add_(token_type_embeddings.forward(tokenTypeIds), One);         // + (B, T, H)
        return dropout.forward(LayerNorm.forward(x)).MoveToOuterDisposeScope();
    }
}
