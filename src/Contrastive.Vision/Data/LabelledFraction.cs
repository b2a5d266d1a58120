using Contrastive.Core;
using static TorchSharp.torch;

namespace Contrastive.Vision.Data;

/// <summary>
/// A seeded, class-balanced fraction of a labelled data set, as the semi-supervised benchmarks' 1 % and 10 % label
/// subsets (SimCLR v2, Chen et al. 2020b, fine-tunes on such ImageNet subsets): from each class c with n_c images,
/// max(1, round(fraction · n_c)) images drawn without replacement by a generator seeded with <c>seed</c>, kept in
/// their original order.
/// </summary>
public static class LabelledFraction
{
    /// <summary>The indices of the chosen images, ascending.</summary>
    /// <param name="labels">(N) int64 labels.</param>
    /// <param name="fraction">In (0, 1]; 1 takes every image.</param>
    public static long[] Indices(Tensor labels, double fraction, long seed)
    {
        if (!(fraction > 0 && fraction <= 1)) throw new ContrastiveException($"The label fraction must be in (0, 1], got {fraction}.");
        var y = labels.to_type(ScalarType.Int64).data<long>().ToArray();
        if (fraction == 1) return Enumerable.Range(0, y.Length).Select(i => (long)i).ToArray();
        using var generator = new Generator(unchecked((ulong)seed));
        var chosen = new List<long>();
        foreach (var group in y.Select((label, i) => (label, i)).GroupBy(p => p.label).OrderBy(g => g.Key))
        {
            var members = group.Select(p => (long)p.i).ToArray();
            int take = Math.Max(1, (int)Math.Round(fraction * members.Length, MidpointRounding.AwayFromZero));
            using var perm = randperm(members.Length, generator: generator, dtype: ScalarType.Int64);
            chosen.AddRange(perm.data<long>().Take(take).Select(k => members[k]));
        }
        chosen.Sort();
        return chosen.ToArray();
    }

    /// <summary>The chosen images and labels as a new data set (its own tensors; dispose it).</summary>
    public static ImageDataset Sample(ImageDataset data, double fraction, long seed)
    {
        if (data.Labels is null) throw new ContrastiveException($"{data.Source}: a label fraction needs labelled images.");
        using var index = tensor(Indices(data.Labels, fraction, seed));
        return new ImageDataset(data.Images.index_select(0, index), data.Labels.index_select(0, index), data.ClassNames,
                                $"{data.Source} ({fraction:P0} of the labels, seed {seed})");
    }
}
