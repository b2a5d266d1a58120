using Contrastive.Core.Serialization;
using Contrastive.Core.Similarity;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.PostProcessing;

/// <summary>
/// BERT-whitening: Su, Cao, Liu, Ou, "Whitening Sentence Representations for Better Semantics and Faster Retrieval",
/// arXiv:2103.15316. A linear map fitted on a corpus of embeddings that makes them zero-mean with identity covariance,
/// optionally keeping only the k directions of largest variance.
/// <para>
/// Fit on X (N, D):  μ = (1/N) Σ_i x_i,  Σ = (X − μ)ᵀ (X − μ) / N,  Σ = U S Uᵀ (SVD of the symmetric PSD Σ, S descending),
/// W = U diag(1/√max(S, ε)), optionally W[:, :k].  Apply: x̃ = (x − μ) W, so that the fitted corpus has covariance I_k.
/// The fit and the map are computed in float64; <see cref="Apply"/> returns float32.
/// </para>
/// <para>
/// The covariance of N embeddings has rank at most N − 1, and a direction with zero variance would be scaled by 1/√ε
/// (values around 1e5 instead of unit variance), so <see cref="Fit"/> refuses to keep more than N − 1 directions:
/// give more embeddings than dimensions, or a k of at most N − 1 (the paper's dimensionality reduction).
/// </para>
/// The instance owns <see cref="Mu"/> and <see cref="W"/>; dispose it to free them.
/// </summary>
public sealed class Whitening : IDisposable
{
    /// <summary>Default ε: eigenvalues of Σ below it are clamped to it before 1/√S.</summary>
    public const double DefaultEpsilon = 1e-12;

    /// <summary>μ, (D) float64.</summary>
    public Tensor Mu { get; }

    /// <summary>W, (D, k) float64.</summary>
    public Tensor W { get; }

    /// <summary>Input width D.</summary>
    public int InputDim => (int)W.shape[0];

    /// <summary>Output width k (D when no reduction).</summary>
    public int OutputDim => (int)W.shape[1];

    Whitening(Tensor mu, Tensor w)
    {
        Mu = mu;
        W = w;
    }

    /// <summary>Fits μ and W on a corpus of embeddings.</summary>
    /// <param name="embeddings">(N, D), N ≥ 2, any floating dtype, finite values.</param>
    /// <param name="k">Number of leading (largest-variance) directions to keep, 1 ≤ k ≤ D; null keeps all D.</param>
    /// <param name="epsilon">Floor ε &gt; 0 on the eigenvalues of Σ.</param>
    public static Whitening Fit(Tensor embeddings, int? k = null, double epsilon = DefaultEpsilon)
    {
        EmbeddingShape.Require2D(embeddings, nameof(embeddings));
        long n = embeddings.shape[0], d = embeddings.shape[1];
        if (n < 2)
            throw new ContrastiveException($"Whitening needs at least 2 embeddings to fit a covariance, but {n} were given.");
        if (d < 1)
            throw new ContrastiveException("Whitening needs embeddings with at least one dimension, but D is 0.");
        if (k is { } kk && (kk < 1 || kk > d))
            throw new ContrastiveException($"The whitening dimension k = {kk} is out of range: it must be between 1 and the embedding width {d}.");
        if ((k ?? d) > n - 1)
            throw new ContrastiveException(
                $"Whitening fitted on {n} embeddings can keep at most {n - 1} dimensions (the covariance has rank at most N - 1), " +
                $"but {k ?? d} were asked for: fit on more than {k ?? d} sentences, or keep k <= {n - 1}.");
        if (!(epsilon > 0) || double.IsInfinity(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"The whitening epsilon must be a positive finite number, but it is {epsilon}.");
        if (!embeddings.is_floating_point())
            throw new ArgumentException($"Whitening needs floating-point embeddings, but their dtype is {embeddings.dtype}.", nameof(embeddings));

        using var scope = NewDisposeScope();
        var x = embeddings.detach().to(ScalarType.Float64);                           // (N, D)
        if (!isfinite(x).all().item<bool>())
            throw new ContrastiveException("Whitening cannot be fitted: the embeddings contain NaN or infinite values.");
        var mu = x.mean([0]);                                                          // (D)
        var centered = x - mu;                                                         // (N, D)
        var cov = centered.t().matmul(centered) / n;                                   // (D, D)
        var (u, s, _) = linalg.svd(cov, fullMatrices: false);                          // U (D, D), S (D) descending
        var w = u * s.clamp_min(epsilon).rsqrt();                                      // (D, D) = U diag(1/√S)
        if (k is { } keep) w = w[.., ..keep];                                          // (D, k)
        return new Whitening(mu.contiguous().DetachFromDisposeScope(), w.contiguous().DetachFromDisposeScope());
    }

    /// <summary>x̃ = (x − μ) W.</summary>
    /// <param name="x">(n, D), any floating dtype.</param>
    /// <returns>(n, k) float32 on the device of <paramref name="x"/>.</returns>
    public Tensor Apply(Tensor x)
    {
        EmbeddingShape.Require2D(x, nameof(x));
        if (x.shape[1] != InputDim)
            throw new ContrastiveException(
                $"The whitening was fitted on {InputDim}-dimensional embeddings but is applied to embeddings of shape {EmbeddingShape.Format(x)}.");
        using var scope = NewDisposeScope();
        var xd = x.detach().to(ScalarType.Float64);                                    // (n, D)
        var y = (xd - Mu.to(x.device)).matmul(W.to(x.device));                        // (n, k)
        return y.to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>Writes μ ("mu", (D)) and W ("W", (D, k)) as float64 to a safetensors file, atomically.</summary>
    public void Save(string path) =>
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["mu"] = Mu, ["W"] = W },
            new Dictionary<string, string> { ["format"] = "bert-whitening" });

    /// <summary>Reads a file written by <see cref="Save"/> (or by Python with the same keys and shapes).</summary>
    public static Whitening Load(string path)
    {
        using var scope = NewDisposeScope();
        var tensors = SafeTensors.Load(path);   // created in this scope; ContrastiveException naming the file when missing or malformed
        if (!tensors.TryGetValue("mu", out var mu))
            throw new ContrastiveException($"{path}: not a whitening file: the tensor 'mu' is missing.");
        if (!tensors.TryGetValue("W", out var w))
            throw new ContrastiveException($"{path}: not a whitening file: the tensor 'W' is missing.");
        if (!mu.is_floating_point() || !w.is_floating_point())
            throw new ContrastiveException($"{path}: the whitening tensors must be floating point, but 'mu' is {mu.dtype} and 'W' is {w.dtype}.");
        if (mu.dim() != 1 || w.dim() != 2 || w.shape[0] != mu.shape[0] || w.shape[1] < 1 || w.shape[1] > w.shape[0])
            throw new ContrastiveException(
                $"{path}: the whitening tensors have inconsistent shapes 'mu' {EmbeddingShape.Format(mu)} and 'W' {EmbeddingShape.Format(w)}; expected (D) and (D, k) with 1 <= k <= D.");
        return new Whitening(mu.to(ScalarType.Float64).contiguous().DetachFromDisposeScope(),
                             w.to(ScalarType.Float64).contiguous().DetachFromDisposeScope());
    }

    public void Dispose()
    {
        Mu.Dispose();
        W.Dispose();
    }
}
