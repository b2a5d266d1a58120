using TorchSharp;

namespace Contrastive.Text.Tests.SimCse;

/// <summary>
/// Limits torch's intra-op threads until disposed, then restores the previous count. The training tests use one
/// thread: a tiny model gains nothing from more, and on a machine whose cores are busy with other work OpenMP's
/// spin-waiting threads can make each step ten times slower. Used only by tests of <see cref="GlobalRngCollection"/>,
/// which run alone.
/// </summary>
internal sealed class TorchThreadLimit : IDisposable
{
    readonly int _before = torch.get_num_threads();

    public TorchThreadLimit(int threads) => torch.set_num_threads(threads);

    public void Dispose() => torch.set_num_threads(_before);
}
