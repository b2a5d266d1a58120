using static TorchSharp.torch;

namespace Contrastive.Core.Evaluation;

/// <summary>
/// Alignment and uniformity of embeddings on the unit hypersphere (Wang and Isola 2020, "Understanding Contrastive
/// Representation Learning through Alignment and Uniformity on the Hypersphere", arXiv:2005.10242), the two
/// diagnostics SimCSE (Gao et al. 2021, section 5) plots: lower is better for both.
/// Inputs are l2-normalised here (rows of zeros stay zero) and everything is computed in float64.
/// </summary>
public static class AlignmentUniformity
{
    /// <summary>Elements of the (rows, N) distance block kept alive at once by <see cref="Uniformity(Tensor, double)"/>.</summary>
    const long ChunkElements = 1L << 22; // 4M float64 = 32 MiB per temporary

    /// <summary>
    /// l_align = E_{(x, x+) ~ p_pos} ||f(x) - f(x+)||_2^alpha, the mean over the positive pairs (row i of
    /// <paramref name="x"/> with row i of <paramref name="y"/>) after l2-normalising both.
    /// </summary>
    /// <param name="x">(N, D) embeddings of the first element of each positive pair.</param>
    /// <param name="y">(N, D) embeddings of the second element.</param>
    /// <param name="alpha">Exponent, 2 in the paper and in SimCSE.</param>
    /// <returns>A value in [0, 2^alpha]; 0 when every pair is identical.</returns>
    public static double Alignment(Tensor x, Tensor y, double alpha = 2.0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (!(alpha > 0) || double.IsInfinity(alpha))
            throw new ArgumentException($"alpha must be a positive finite number, got {alpha}.", nameof(alpha));
        RequireMatrix(x, nameof(x), minRows: 1);
        RequireMatrix(y, nameof(y), minRows: 1);
        if (x.shape[0] != y.shape[0] || x.shape[1] != y.shape[1])
            throw new ArgumentException($"x and y must have the same shape, got ({x.shape[0]}, {x.shape[1]}) and ({y.shape[0]}, {y.shape[1]}).");

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var a = Normalize(x);                               // (N, D)
        var b = Normalize(y);                               // (N, D)
        var squared = (a - b).square().sum(1);              // (N) ||a_i - b_i||^2
        return squared.pow(alpha / 2.0).mean().item<double>();
    }

    /// <summary>
    /// l_uniform = log E_{x, y ~ p_data} exp(-t ||f(x) - f(y)||_2^2) over all N (N - 1) / 2 distinct pairs i &lt; j
    /// (what <c>torch.pdist(x, p=2).pow(2).mul(-t).exp().mean().log()</c> computes), after l2-normalising the rows.
    /// The distance matrix is never materialised: rows are processed in chunks, so N = 10,000 needs tens of MiB.
    /// </summary>
    /// <param name="x">(N, D) embeddings, N at least 2.</param>
    /// <param name="t">Temperature, 2 in the paper and in SimCSE.</param>
    /// <returns>A value in [-4t, 0]: -4t for two antipodal points, 0 when all points coincide.</returns>
    public static double Uniformity(Tensor x, double t = 2.0)
    {
        ArgumentNullException.ThrowIfNull(x);
        RequireMatrix(x, nameof(x), minRows: 2);
        long rows = Math.Max(1, ChunkElements / x.shape[0]);
        return Uniformity(x, t, rows);
    }

    /// <summary><see cref="Uniformity(Tensor, double)"/> with an explicit number of rows per chunk.</summary>
    internal static double Uniformity(Tensor x, double t, long rowsPerChunk)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!(t > 0) || double.IsInfinity(t))
            throw new ArgumentException($"t must be a positive finite number, got {t}.", nameof(t));
        if (rowsPerChunk < 1)
            throw new ArgumentException($"rowsPerChunk must be at least 1, got {rowsPerChunk}.", nameof(rowsPerChunk));
        RequireMatrix(x, nameof(x), minRows: 2);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long n = x.shape[0];
        var z = Normalize(x);                               // (N, D)
        var norms = z.square().sum(1);                      // (N) 1, or 0 for a zero row
        double total = 0;
        for (long start = 0; start < n - 1; start += rowsPerChunk)
        {
            using var chunkScope = NewDisposeScope();
            long count = Math.Min(rowsPerChunk, n - start);
            var rowsBlock = z.narrow(0, start, count);      // (b, D) rows i = start .. start + b - 1
            var rest = z.narrow(0, start, n - start);       // (N - start, D) columns j = start .. N - 1
            // ||z_i - z_j||^2 = ||z_i||^2 + ||z_j||^2 - 2 z_i . z_j, in float64 (error ~1e-16 on unit vectors)
            var squared = (norms.narrow(0, start, count).unsqueeze(1)
                           + norms.narrow(0, start, n - start).unsqueeze(0)
                           - 2 * rowsBlock.mm(rest.t())).clamp_min(0);   // (b, N - start)
            // local column c is global j = start + c and local row r is i = start + r, so j > i <=> c > r: triu(1)
            total += (squared * -t).exp().triu(1).sum().item<double>();
        }
        double pairs = n * (n - 1) / 2.0;
        return Math.Log(total / pairs);
    }

    /// <summary>Rows l2-normalised in float64, as <c>F.normalize(x, dim=1)</c>. (N, D) -> (N, D).</summary>
    static Tensor Normalize(Tensor x) =>
        nn.functional.normalize(x.detach().to_type(ScalarType.Float64), p: 2.0, dim: 1);

    static void RequireMatrix(Tensor x, string name, long minRows)
    {
        if (x.ndim != 2)
            throw new ArgumentException($"{name} must be an (N, D) matrix, got {x.ndim} dimensions.", name);
        if (!x.is_floating_point())
            throw new ArgumentException($"{name} must be a floating-point tensor, got {x.dtype}.", name);
        if (x.shape[0] < minRows || x.shape[1] < 1)
            throw new ArgumentException($"{name} must have at least {minRows} row(s) and 1 column, got ({x.shape[0]}, {x.shape[1]}).", name);
    }
}
