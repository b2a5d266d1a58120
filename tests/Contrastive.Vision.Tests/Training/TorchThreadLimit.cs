using TorchSharp;

namespace Contrastive.Vision.Tests.Training;

/// <summary>
/// Limits torch's intra-op threads until disposed, then restores the previous count. Convolution backward passes
/// reduce in a thread-dependent order, so bitwise reproducibility is promised for a fixed thread count; the training
/// tests use one. Used only by tests of <see cref="GlobalTorchStateCollection"/>, which run alone.
/// </summary>
internal sealed class TorchThreadLimit : IDisposable
{
    readonly int _before = torch.get_num_threads();

    public TorchThreadLimit(int threads) => torch.set_num_threads(threads);

    public void Dispose() => torch.set_num_threads(_before);
}
