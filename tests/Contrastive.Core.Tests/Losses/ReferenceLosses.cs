using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Losses;

/// <summary>
/// Slow, loop-based double-precision implementations of the losses written straight from the papers' formulas, with
/// no tensors: the yardstick the TorchSharp implementations are compared against.
/// </summary>
internal static class ReferenceLosses
{
    /// <summary>Rows of a 2-D tensor as double arrays.</summary>
    public static double[][] Rows(Tensor t)
    {
        long n = t.shape[0], d = t.shape[1];
        using var cpu = t.detach().to_type(ScalarType.Float64).cpu().contiguous();
        var flat = cpu.data<double>().ToArray();
        return Enumerable.Range(0, (int)n).Select(i => flat.AsSpan((int)(i * d), (int)d).ToArray()).ToArray();
    }

    /// <summary>a·b / (max(‖a‖, eps) max(‖b‖, eps)).</summary>
    public static double Cosine(double[] a, double[] b, double eps = 1e-8)
    {
        double dot = 0, na = 0, nb = 0;
        for (int k = 0; k < a.Length; k++) { dot += a[k] * b[k]; na += a[k] * a[k]; nb += b[k] * b[k]; }
        return dot / (Math.Max(Math.Sqrt(na), eps) * Math.Max(Math.Sqrt(nb), eps));
    }

    /// <summary>SimCSE eq. 1 / eq. 5: mean_i −log(e^{l_ii} / Σ_j e^{l_ij}), w added to the own hard negative's logit.</summary>
    public static double InfoNce(double[][] anchors, double[][] positives, double[][]? hard, double tau, double weight)
    {
        int n = anchors.Length;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            var logits = new List<double>();
            for (int j = 0; j < n; j++) logits.Add(Cosine(anchors[i], positives[j]) / tau);
            if (hard is not null)
                for (int j = 0; j < n; j++) logits.Add(Cosine(anchors[i], hard[j]) / tau + (i == j ? weight : 0));
            total += -LogSoftmax(logits, i);
        }
        return total / n;
    }

    /// <summary>SimCLR eq. 1 averaged over all 2N rows; sim = cosine, or the dot product when <paramref name="dot"/>.</summary>
    public static double NtXent(double[][] z1, double[][] z2, double tau, bool dot = false)
    {
        double Cosine(double[] a, double[] b) => dot ? a.Zip(b, (x, y) => x * y).Sum() : ReferenceLosses.Cosine(a, b);
        int n = z1.Length;
        var z = z1.Concat(z2).ToArray();
        double total = 0;
        for (int k = 0; k < 2 * n; k++)
        {
            int positive = k < n ? k + n : k - n;
            double numerator = Math.Exp(Cosine(z[k], z[positive]) / tau), denominator = 0;
            for (int m = 0; m < 2 * n; m++)
                if (m != k) denominator += Math.Exp(Cosine(z[k], z[m]) / tau);
            total += -Math.Log(numerator / denominator);
        }
        return total / (2 * n);
    }

    /// <summary>BYOL / SimSiam: −mean_i cos(p_i, z_i).</summary>
    public static double NegativeCosine(double[][] p, double[][] z) =>
        -p.Select((row, i) => Cosine(row, z[i])).Average();

    /// <summary>Reimers and Gurevych 2020 eq. 1: 1/(N·D) Σ_i Σ_d (s_id − t_id)².</summary>
    public static double Mse(double[][] s, double[][] t)
    {
        double total = 0;
        int count = 0;
        for (int i = 0; i < s.Length; i++)
            for (int d = 0; d < s[i].Length; d++) { total += (s[i][d] - t[i][d]) * (s[i][d] - t[i][d]); count++; }
        return total / count;
    }

    /// <summary>Relational distillation: 1/N Σ_i KL(P_i ‖ Q_i), P_i and Q_i the softmax over j ≠ i of cos/τ of the
    /// teacher and of the student.</summary>
    public static double SimilarityKl(double[][] s, double[][] t, double tau)
    {
        int n = s.Length;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            var others = Enumerable.Range(0, n).Where(j => j != i).ToArray();
            var ls = others.Select(j => Cosine(s[i], s[j]) / tau).ToList();
            var lt = others.Select(j => Cosine(t[i], t[j]) / tau).ToList();
            for (int k = 0; k < others.Length; k++)
            {
                double logP = LogSoftmax(lt, k), logQ = LogSoftmax(ls, k);
                total += Math.Exp(logP) * (logP - logQ);
            }
        }
        return total / n;
    }

    /// <summary>MoCo eq. 1: mean_i −log(e^{q_i·k_i/τ} / (e^{q_i·k_i/τ} + Σ_j e^{q_i·n_j/τ})), plain dot products.</summary>
    public static double MoCo(double[][] q, double[][] k, double[][] queue, double tau)
    {
        static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();
        double total = 0;
        for (int i = 0; i < q.Length; i++)
        {
            double positive = Math.Exp(Dot(q[i], k[i]) / tau), denominator = positive;
            foreach (var n in queue) denominator += Math.Exp(Dot(q[i], n) / tau);
            total += -Math.Log(positive / denominator);
        }
        return total / q.Length;
    }

    /// <summary>SimCLR v2 eq. 2 as a KL divergence: 1/N Σ_i Σ_y P^T_iy (log P^T_iy − log P^S_iy), softmaxes of the
    /// logits / τ.</summary>
    public static double PredictionKl(double[][] s, double[][] t, double tau)
    {
        double total = 0;
        for (int i = 0; i < s.Length; i++)
        {
            var ls = s[i].Select(v => v / tau).ToList();
            var lt = t[i].Select(v => v / tau).ToList();
            for (int y = 0; y < ls.Count; y++)
            {
                double logP = LogSoftmax(lt, y), logQ = LogSoftmax(ls, y);
                total += Math.Exp(logP) * (logP - logQ);
            }
        }
        return total / s.Length;
    }

    private static double LogSoftmax(List<double> logits, int target)
    {
        double max = logits.Max(), sum = 0;
        foreach (var l in logits) sum += Math.Exp(l - max);
        return logits[target] - max - Math.Log(sum);
    }
}
