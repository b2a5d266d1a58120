using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Memory;

/// <summary>
/// MoCo's dictionary as a queue (He et al. 2020, arXiv:1911.05722, §3.2): the keys of the last K samples, used as
/// negatives; each step enqueues the current batch's keys over the oldest ones (a ring buffer).
/// The buffers have MoCo's names, <c>queue</c> (K, D) and <c>queue_ptr</c> (1), so a checkpoint holds the queue.
/// As in the official code the queue starts as random unit vectors (drawn from the given generator).
/// </summary>
public sealed class NegativeQueue : nn.Module
{
    private readonly Tensor queue;
    private readonly Tensor queue_ptr;

    /// <param name="size">K, the number of keys kept (MoCo: 65536; MoCo CIFAR demo: 4096).</param>
    /// <param name="dim">D, the key width.</param>
    /// <param name="generator">Draws the initial random keys.</param>
    public NegativeQueue(int size, int dim, Generator? generator = null) : base(nameof(NegativeQueue))
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, $"The queue size must be at least 1, but it is {size}.");
        if (dim < 1) throw new ArgumentOutOfRangeException(nameof(dim), dim, $"The key width must be at least 1, but it is {dim}.");
        using (no_grad())
            queue = nn.functional.normalize(randn([size, dim], generator: generator), p: 2, dim: 1);   // (K, D)
        queue_ptr = zeros([1], ScalarType.Int64);
        register_buffer(nameof(queue), queue);
        register_buffer(nameof(queue_ptr), queue_ptr);
    }

    /// <summary>K.</summary>
    public int Size => (int)queue.shape[0];

    /// <summary>D.</summary>
    public int Dim => (int)queue.shape[1];

    /// <summary>Where the next key is written (the oldest key).</summary>
    public int Pointer => (int)queue_ptr.item<long>();

    /// <summary>A detached copy of the queue, (K, D): safe to use in a loss while the queue is updated afterwards.</summary>
    public Tensor Snapshot() => queue.detach().clone();

    /// <summary>Writes <paramref name="keys"/> (B, D) at the pointer, wrapping around, and advances the pointer by B
    /// (mod K). When B &gt; K only the last K keys remain.</summary>
    public void Enqueue(Tensor keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.ndim != 2 || keys.shape[1] != Dim)
            throw new ArgumentException($"The keys must be (B, {Dim}), but they have shape [{string.Join(", ", keys.shape)}].", nameof(keys));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long b = keys.shape[0], k = Size;
        var source = keys.detach().to(queue.dtype);
        if (b > k) { source = source.narrow(0, b - k, k); }
        long ptr = Pointer + (b > k ? b - k : 0);
        long n = source.shape[0];
        var rows = (arange(n, dtype: ScalarType.Int64) + ptr).remainder(k);   // (n) target rows
        queue.index_copy_(0, rows, source);
        queue_ptr.fill_((ptr + n) % k);
    }
}
