using Contrastive.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Training;

/// <summary>Random regression data y = x·w + noise from an explicit generator; records the indices it is asked for.</summary>
public sealed class TinyData : IBatchSource<TinyBatch>, IDisposable
{
    readonly Tensor _x, _y;

    public TinyData(int count, ulong seed = 7)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed);
        var x = randn(count, 4, generator: generator);                             // (N, 4)
        var w = randn(4, 1, generator: generator);                                 // (4, 1)
        _x = x.MoveToOuterDisposeScope();
        _y = (x.matmul(w) + 0.1 * randn(count, 1, generator: generator)).MoveToOuterDisposeScope();   // (N, 1)
        Count = count;
    }

    public int Count { get; }

    /// <summary>Every batch of indices requested, in order.</summary>
    public List<int[]> Requests { get; } = [];

    public TinyBatch GetBatch(IReadOnlyList<int> indices)
    {
        Requests.Add(indices.ToArray());
        using var index = tensor(indices.Select(i => (long)i).ToArray());
        return new TinyBatch(_x.index_select(0, index), _y.index_select(0, index));
    }

    public void Dispose()
    {
        _x.Dispose();
        _y.Dispose();
    }
}
