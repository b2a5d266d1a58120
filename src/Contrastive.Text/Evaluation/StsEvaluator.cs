using Contrastive.Core;
using Contrastive.Core.Evaluation;
using static TorchSharp.torch;

namespace Contrastive.Text.Evaluation;

/// <summary>
/// Unsupervised STS evaluation as SimCSE's <c>evaluation.py</c> runs it over its SentEval fork: embed both sentences
/// of every pair, score the pair by cosine similarity (0 where a norm is 0, SentEval's <c>nan_to_num</c>), and report
/// Spearman's rho (x 100) against the gold scores. For STS12-16 the task score is one Spearman over all subsets
/// concatenated ("all", SimCSE's table number), with the pair-weighted mean of subset Spearmans ("wmean") alongside;
/// STS-B and SICK score their test pairs. When STS-B is present it also measures alignment over its pairs with gold
/// score above 4 and uniformity over its distinct sentences (Wang and Isola 2020, as in SimCSE section 5).
/// </summary>
public static class StsEvaluator
{
    /// <summary>STS-B pairs with a gold score strictly above this are the positive pairs for alignment (SimCSE).</summary>
    public const double AlignmentThreshold = 4.0;

    /// <summary>
    /// Evaluates <paramref name="encode"/> on every task of <paramref name="suite"/>. Each distinct sentence is encoded
    /// once; sentences are batched by length (less padding), <paramref name="batchSize"/> at a time, each batch under
    /// <c>no_grad</c> in its own dispose scope, and the embeddings are copied out as float32.
    /// </summary>
    /// <param name="encode">Sentences -> (n, D) floating-point embeddings, row i for sentence i.</param>
    /// <exception cref="ContrastiveException">The encoder returns a wrong shape, or a subset has fewer than 2 pairs.</exception>
    public static StsEvaluationResult Evaluate(StsSuite suite, Func<IReadOnlyList<string>, Tensor> encode, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(encode);
        if (batchSize < 1)
            throw new ArgumentException($"batchSize must be at least 1, got {batchSize}.", nameof(batchSize));
        foreach (var task in suite.Tasks)
            foreach (var subset in task.SubsetNames)
                if (task.Subsets[subset].Count < 2)
                    throw new ContrastiveException(
                        $"STS task {task.Name} subset {subset} has {task.Subsets[subset].Count} scored pair(s); Spearman needs at least 2.");

        var embeddings = EncodeAll(suite, encode, batchSize);
        var tasks = suite.Tasks.Select(t => EvaluateTask(t, embeddings)).ToList();
        double average = tasks.Average(t => t.Spearman);

        double? alignment = null, uniformity = null;
        if (suite.Find(StsSuite.StsBenchmark) is { } stsb)
            (alignment, uniformity) = MeasureGeometry(stsb, embeddings);
        return new StsEvaluationResult(tasks, average, alignment, uniformity);
    }

    static StsTaskResult EvaluateTask(StsTask task, IReadOnlyDictionary<string, float[]> embeddings)
    {
        var subsets = new List<StsSubsetResult>();
        var allPredicted = new List<double>();
        var allGold = new List<double>();
        foreach (var name in task.SubsetNames)
        {
            var pairs = task.Subsets[name];
            var predicted = pairs.Select(p => Cosine(embeddings[p.Sentence1], embeddings[p.Sentence2])).ToArray();
            var gold = pairs.Select(p => p.Score).ToArray();
            subsets.Add(new StsSubsetResult(name, pairs.Count,
                100 * Correlation.Spearman(predicted, gold), 100 * Correlation.Pearson(predicted, gold)));
            allPredicted.AddRange(predicted);
            allGold.AddRange(gold);
        }
        double weighted = subsets.Sum(s => s.PairCount * s.Spearman) / subsets.Sum(s => s.PairCount);
        return new StsTaskResult(task.Name,
            100 * Correlation.Spearman(allPredicted, allGold), weighted,
            100 * Correlation.Pearson(allPredicted, allGold), allGold.Count, subsets);
    }

    /// <summary>Alignment over STS-B pairs scored above 4 (null if none) and uniformity over its distinct sentences (null if fewer than 2).</summary>
    static (double? Alignment, double? Uniformity) MeasureGeometry(StsTask stsb, IReadOnlyDictionary<string, float[]> embeddings)
    {
        using var scope = NewDisposeScope();
        var positives = stsb.AllPairs.Where(p => p.Score > AlignmentThreshold).ToList();
        double? alignment = null;
        if (positives.Count > 0)
        {
            var x = Stack(positives.Select(p => embeddings[p.Sentence1]).ToList());   // (P, D)
            var y = Stack(positives.Select(p => embeddings[p.Sentence2]).ToList());   // (P, D)
            alignment = AlignmentUniformity.Alignment(x, y);
        }
        var sentences = stsb.AllPairs.SelectMany(p => new[] { p.Sentence1, p.Sentence2 }).Distinct(StringComparer.Ordinal).ToList();
        double? uniformity = sentences.Count >= 2
            ? AlignmentUniformity.Uniformity(Stack(sentences.Select(s => embeddings[s]).ToList())) // (M, D)
            : null;
        return (alignment, uniformity);
    }

    /// <summary>Rows -> (n, D) float32 tensor.</summary>
    static Tensor Stack(IReadOnlyList<float[]> rows)
    {
        int d = rows[0].Length;
        var flat = new float[rows.Count * d];
        for (int i = 0; i < rows.Count; i++) rows[i].CopyTo(flat, i * d);
        return tensor(flat, new long[] { rows.Count, d });
    }

    /// <summary>Encodes every distinct sentence of the suite once; sentence -> its D floats.</summary>
    static Dictionary<string, float[]> EncodeAll(StsSuite suite, Func<IReadOnlyList<string>, Tensor> encode, int batchSize)
    {
        var sentences = suite.Tasks.SelectMany(t => t.AllPairs).SelectMany(p => new[] { p.Sentence1, p.Sentence2 })
            .Distinct(StringComparer.Ordinal)
            .OrderBy(s => s.Length).ThenBy(s => s, StringComparer.Ordinal) // similar lengths share a batch
            .ToList();
        var embeddings = new Dictionary<string, float[]>(sentences.Count, StringComparer.Ordinal);
        long dimension = -1;
        for (int start = 0; start < sentences.Count; start += batchSize)
        {
            var batch = sentences.GetRange(start, Math.Min(batchSize, sentences.Count - start));
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var output = encode(batch) ?? throw new ContrastiveException("The STS encoder returned no tensor.");
            if (output.ndim != 2 || output.shape[0] != batch.Count || !output.is_floating_point())
                throw new ContrastiveException(
                    $"The STS encoder returned a {output.dtype} tensor of shape [{string.Join(", ", output.shape)}] for {batch.Count} sentences; expected ({batch.Count}, D) floats.");
            if (dimension < 0) dimension = output.shape[1];
            else if (output.shape[1] != dimension)
                throw new ContrastiveException($"The STS encoder returned {output.shape[1]}-dimensional embeddings after {dimension}-dimensional ones.");
            var values = output.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray(); // (n * D)
            for (int i = 0; i < batch.Count; i++)
                embeddings[batch[i]] = values.AsSpan(i * (int)dimension, (int)dimension).ToArray();
        }
        return embeddings;
    }

    /// <summary>cos(u, v) = u . v / sqrt(|u|^2 |v|^2) in double; 0 when it is undefined (SentEval's nan_to_num).</summary>
    static double Cosine(float[] u, float[] v)
    {
        double dot = 0, uu = 0, vv = 0;
        for (int i = 0; i < u.Length; i++)
        {
            dot += (double)u[i] * v[i];
            uu += (double)u[i] * u[i];
            vv += (double)v[i] * v[i];
        }
        double cosine = dot / Math.Sqrt(uu * vv);
        return double.IsFinite(cosine) ? cosine : 0.0;
    }
}
