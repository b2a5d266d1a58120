using Contrastive.Core;
using Contrastive.Sequences.Data;
using Contrastive.Sequences.Model;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Inference;

/// <summary>
/// A trained SASRec/CL4SRec model in use: top-k next items for a history, and sequence embeddings (the last
/// position's output, the representation scored against the item embeddings). Histories are item ids as written in
/// the data, oldest first; unknown items are skipped, and only the last <c>MAX_ITEM_LIST_LENGTH</c> items count.
/// </summary>
public sealed class SequentialRecommender
{
    public SasRec Model { get; }
    public ItemVocabulary Items { get; }

    public SequentialRecommender(SasRec model, ItemVocabulary items)
    {
        if (items.Count != model.Config.NumItems)
            throw new ArgumentException($"The model scores {model.Config.NumItems} items, the vocabulary has {items.Count}.", nameof(items));
        (Model, Items) = (model, items);
        Model.eval();
    }

    /// <summary>Loads a model folder written by training (<see cref="SasRecFolder"/>).</summary>
    public static SequentialRecommender Load(string directory)
    {
        var (model, items) = SasRecFolder.Load(directory);
        return new SequentialRecommender(model, items);
    }

    /// <summary>Embedding dimension H.</summary>
    public int Dimension => Model.Config.HiddenSize;

    /// <summary>The <paramref name="k"/> best next items for <paramref name="history"/>, best first.</summary>
    /// <param name="excludeSeen">Leave out the items of the history (usual for recommendation; the evaluation keeps
    /// them, as RecBole).</param>
    public IReadOnlyList<Recommendation> Recommend(IReadOnlyList<string> history, int k = 10, bool excludeSeen = true)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be at least 1, got {k}.");
        var ids = Map(history, 0);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (items, lengths) = PaddedSequences.Create([ids], Model.Config.MaxSeqLength);
        var scores = Model.Scores(Model.Represent(items, lengths)).squeeze(0);   // (N)
        var seenIds = ids.Distinct().ToArray();
        if (excludeSeen)
        {
            var seen = tensor(seenIds.Select(i => (long)i - 1).ToArray());
            scores = scores.index_fill(0, seen, double.NegativeInfinity);
        }
        int take = (int)Math.Min(k, excludeSeen ? Items.Count - seenIds.Length : Items.Count);
        if (take <= 0) return [];
        var (values, indices) = scores.topk(take);
        var v = values.data<float>().ToArray();
        var i = indices.data<long>().ToArray();
        return Enumerable.Range(0, take).Select(j => new Recommendation(Items[(int)i[j] + 1], v[j])).ToArray();
    }

    /// <summary>Sequence embeddings, one row per history: (B, H), in the caller's dispose scope.</summary>
    public Tensor Embed(IReadOnlyList<IReadOnlyList<string>> histories, int batchSize = 512)
    {
        if (histories.Count == 0) throw new ArgumentException("No history to embed.", nameof(histories));
        var mapped = histories.Select((h, n) => (IReadOnlyList<int>)Map(h, n)).ToArray();
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        using (var scope = NewDisposeScope())
        {
            for (int start = 0; start < mapped.Length; start += batchSize)
            {
                var (items, lengths) = PaddedSequences.Create(mapped.Skip(start).Take(batchSize).ToArray(), Model.Config.MaxSeqLength);
                parts.Add(Model.Represent(items, lengths));
            }
            return cat(parts, 0).MoveToOuterDisposeScope();
        }
    }

    /// <summary>The items of <paramref name="history"/> that the model does not know (skipped by
    /// <see cref="Recommend"/> and <see cref="Embed"/>), in order.</summary>
    public IReadOnlyList<string> UnknownItems(IReadOnlyList<string> history) => history.Where(i => Items.Find(i) is null).ToArray();

    int[] Map(IReadOnlyList<string> history, int index)
    {
        var ids = history.Select(Items.Find).OfType<int>().ToArray();
        if (ids.Length == 0)
            throw new ContrastiveException($"History {index} has no item known to the model ({history.Count} items given: " +
                                           $"{string.Join(", ", history.Take(5))}{(history.Count > 5 ? ", ..." : "")}; the model knows {Items.Count:N0} items).");
        return ids;
    }
}
