using Contrastive.Core.Similarity;
using static TorchSharp.torch;

namespace Contrastive.Core.Evaluation;

/// <summary>
/// How far two embeddings of the same examples agree on neighbourhoods: the fraction of queries whose cosine
/// nearest neighbour in a bank is the same bank item under both. Width-agnostic (each side is compared with itself),
/// so it measures a distilled student against its teacher whatever their widths; 1 = the same nearest neighbours.
/// </summary>
public static class NeighbourAgreement
{
    /// <param name="queriesA">(M, D_a) queries under embedding A.</param>
    /// <param name="bankA">(N, D_a) bank under A.</param>
    /// <param name="queriesB">(M, D_b) the same queries under B.</param>
    /// <param name="bankB">(N, D_b) the same bank under B.</param>
    public static double TopOne(Tensor queriesA, Tensor bankA, Tensor queriesB, Tensor bankB)
    {
        if (queriesA.shape[0] != queriesB.shape[0] || bankA.shape[0] != bankB.shape[0])
            throw new ArgumentException($"A and B must embed the same queries and bank: {EmbeddingShape.Format(queriesA)} / {EmbeddingShape.Format(queriesB)}, " +
                                        $"{EmbeddingShape.Format(bankA)} / {EmbeddingShape.Format(bankB)}.");
        using var scope = NewDisposeScope();
        var a = CosineSimilarity.Pairwise(queriesA, bankA).argmax(1);      // (M)
        var b = CosineSimilarity.Pairwise(queriesB, bankB).argmax(1);      // (M)
        return a.eq(b).to_type(ScalarType.Float64).mean().item<double>();
    }
}
