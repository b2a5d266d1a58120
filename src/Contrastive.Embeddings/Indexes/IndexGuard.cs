using Contrastive.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Indexes;

/// <summary>
/// What the indexes share: the concurrency rule (any number of searches at once under the read lock; one writer,
/// <c>Add</c> or <c>Dispose</c>, that waits for the searches in progress; after disposal every call throws
/// <see cref="ObjectDisposedException"/>) and the validation of the rows handed to <c>Add</c> and <c>Search</c>.
/// </summary>
internal sealed class IndexGuard(string owner, int dimension)
{
    readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    bool _disposed;

    /// <summary>Holds the read lock until disposed (searches, counts, saving).</summary>
    public Handle Read()
    {
        _lock.EnterReadLock();
        if (!_disposed) return new Handle(_lock, write: false);
        _lock.ExitReadLock();
        throw new ObjectDisposedException(owner);
    }

    /// <summary>Holds the write lock until disposed (adding).</summary>
    public Handle Write()
    {
        _lock.EnterWriteLock();
        if (!_disposed) return new Handle(_lock, write: true);
        _lock.ExitWriteLock();
        throw new ObjectDisposedException(owner);
    }

    /// <summary>Runs <paramref name="release"/> once, under the write lock; later calls do nothing.</summary>
    public void Dispose(Action release)
    {
        _lock.EnterWriteLock();
        try
        {
            if (_disposed) return;
            _disposed = true;
            release();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Throws unless <paramref name="t"/> is a floating-point (N, D) tensor.</summary>
    public void RequireRows(Tensor t, string name)
    {
        if (t.dim() != 2 || t.shape[1] != dimension)
            throw new ArgumentException($"{name} must be (N, {dimension}), but its shape is [{string.Join(", ", t.shape)}].", name);
        if (!t.is_floating_point())
            throw new ArgumentException($"{name} must be a floating-point tensor, not {t.dtype}.", name);
    }

    /// <summary>
    /// Validates an <c>Add</c> (an (n, D) float tensor, n non-null sentences, finite values) and returns the rows
    /// scaled to unit length as contiguous float32 (n, D) in the caller's dispose scope; null when n is 0.
    /// </summary>
    public Tensor? UnitRows(Tensor vectors, IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(sentences);
        RequireRows(vectors, nameof(vectors));
        if (vectors.shape[0] != sentences.Count)
            throw new ArgumentException($"vectors has {vectors.shape[0]} rows but {sentences.Count} sentences were given.", nameof(sentences));
        for (int i = 0; i < sentences.Count; i++)
            if (sentences[i] is null) throw new ArgumentException($"sentence {i} is null.", nameof(sentences));
        if (sentences.Count == 0) return null;

        var rows = vectors.detach().to(ScalarType.Float32).cpu();                 // (n, D)
        if (!rows.isfinite().all().item<bool>())
            throw new ArgumentException("vectors contain NaN or infinite values.", nameof(vectors));
        return nn.functional.normalize(rows, p: 2, dim: 1).contiguous();         // (n, D)
    }

    /// <summary>How far a stored row's norm may stray from 1 before a loaded index file is rejected.</summary>
    public const double UnitNormTolerance = 1e-3;

    /// <summary>
    /// Checks rows read from an index file: finite, and each of unit norm (or zero). The message names
    /// <paramref name="path"/> and, when given, which tensor (<paramref name="rowName"/>) holds the bad row.
    /// </summary>
    public static void RequireUnitRows(Tensor rows, string path, string? rowName = null)
    {
        using var scope = NewDisposeScope();
        if (rows.shape[0] == 0) return;
        if (!rows.isfinite().all().item<bool>())
            throw new ContrastiveException($"{path}: the {rowName ?? "vectors"} contain NaN or infinite values.");
        var norms = rows.norm(dim: 1);                                              // (N)
        var bad = (norms - 1).abs().gt(UnitNormTolerance).logical_and(norms.ne(0)).nonzero();
        if (bad.shape[0] > 0)
        {
            long row = bad[0, 0].item<long>();
            string which = rowName is null ? "row" : $"{rowName} row";
            throw new ContrastiveException($"{path}: {which} {row} has norm {norms[row].item<float>():G6}, not 1 (the index stores unit vectors).");
        }
    }

    /// <summary>Releases the lock it holds.</summary>
    public readonly struct Handle(ReaderWriterLockSlim rwLock, bool write) : IDisposable
    {
        public void Dispose()
        {
            if (write) rwLock.ExitWriteLock();
            else rwLock.ExitReadLock();
        }
    }
}
