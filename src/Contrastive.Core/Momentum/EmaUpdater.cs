using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Momentum;

/// <summary>
/// Exponential moving average of parameters, the momentum / target network of MoCo (He et al. 2020,
/// arXiv:1911.05722, eq. 2) and BYOL (Grill et al. 2020, arXiv:2006.07733, §3.1):
/// θ_target ← τ θ_target + (1 − τ) θ_online, parameter by parameter (buffers such as BatchNorm statistics are not
/// averaged: the target network computes its own in training mode, as in lightly's <c>update_momentum</c>).
/// The two modules must have the same parameter names and shapes (the target is usually a copy of the online one).
/// </summary>
public static class EmaUpdater
{
    /// <summary>Copies the online parameters and buffers into the target and freezes the target
    /// (<c>requires_grad = false</c>), so that the optimizer leaves it alone while checkpoints still hold it.</summary>
    public static void CopyAndFreeze(nn.Module target, nn.Module online)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(online);
        using var noGrad = no_grad();
        var source = online.state_dict();
        foreach (var (name, tensor) in target.state_dict())
        {
            if (!source.TryGetValue(name, out var from) || !from.shape.SequenceEqual(tensor.shape))
                throw new ArgumentException($"The target module's tensor '{name}' has no counterpart of the same shape in the online module.", nameof(target));
            tensor.copy_(from);
        }
        foreach (var p in target.parameters()) p.requires_grad = false;
    }

    /// <summary>θ_target ← τ θ_target + (1 − τ) θ_online for every parameter, in place and without gradient.</summary>
    /// <param name="tau">Momentum τ in [0, 1]: 1 keeps the target, 0 copies the online network.</param>
    public static void Update(nn.Module target, nn.Module online, double tau)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(online);
        if (!(tau >= 0 && tau <= 1))
            throw new ArgumentOutOfRangeException(nameof(tau), tau, $"The EMA momentum tau must be in [0, 1], but it is {tau}.");
        using var noGrad = no_grad();
        var onlineParameters = online.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, t) in target.named_parameters())
        {
            if (!onlineParameters.TryGetValue(name, out var o) || !o.shape.SequenceEqual(t.shape))
                throw new ArgumentException($"The target parameter '{name}' has no counterpart of the same shape in the online module.", nameof(target));
            t.mul_(tau).add_(o.detach(), alpha: 1 - tau);
        }
    }
}
