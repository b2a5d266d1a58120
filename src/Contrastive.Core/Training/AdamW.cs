using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Training;

/// <summary>
/// TorchSharp's <see cref="TorchSharp.Modules.AdamW"/> with the same arithmetic, operation for operation (so the same weights and the
/// same saved optimizer state, checked bit for bit in the tests), but with each scalar argument of a native call held
/// in a <see cref="Scalar"/> that lives until the call returns.
/// <para>Why: TorchSharp 0.107's <c>AdamW.step</c> passes implicit double → Scalar conversions
/// (<c>addcmul_(grad, grad, value: 1 - β2)</c>, <c>add_(grad, alpha: 1 - β1)</c>, ...). Such a temporary is unreachable
/// as soon as its native handle has been read, so a garbage collection triggered by another thread during the native
/// call may finalize it and free the scalar while LibTorch still reads it; LibTorch then finds a scalar of no known type
/// ("Expected false to be true" in <c>Scalar::toFloat</c> inside <c>addcmul_</c>), which ended a CI run once.</para>
/// <para>The class keeps TorchSharp's name: the optimizer file of a checkpoint begins with the optimizer's type name,
/// which loading compares, so checkpoints written before and after this class load into either.</para>
/// </summary>
public sealed class AdamW : TorchSharp.Modules.AdamW
{
    public AdamW(IEnumerable<ParamGroup> groups, double lr, double beta1, double beta2, double eps)
        : base(groups, lr, beta1, beta2, eps)
    {
    }

    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, weightDecay = options.weight_decay!.Value;
        double eps = options.eps!.Value, lr = options.LearningRate!.Value;
        bool amsgrad = options.amsgrad!.Value, maximize = options.maximize!.Value;
        using var decay = (1 - lr * weightDecay).ToScalar();
        using var b1 = beta1.ToScalar();
        using var oneMinusB1 = (1 - beta1).ToScalar();
        using var b2 = beta2.ToScalar();
        using var oneMinusB2 = (1 - beta2).ToScalar();
        using var epsilon = eps.ToScalar();
        foreach (var param in group.Parameters)
        {
            var state = (State)_state[param.Handle];
            using var rawGrad = param.grad;
            if (rawGrad is null) continue;
            using var negated = maximize ? -rawGrad : null;
            var grad = negated ?? rawGrad;
            state.step += 1;

            param.mul_(decay);
            double biasCorrection1 = 1 - Math.Pow(beta1, state.step);
            double biasCorrection2 = 1 - Math.Pow(beta2, state.step);
            state.exp_avg.mul_(b1).add_(grad, alpha: oneMinusB1);
            state.exp_avg_sq.mul_(b2).addcmul_(grad, grad, value: oneMinusB2);

            using var sqrtCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
            Tensor denom;
            if (amsgrad)
            {
                var previous = state.max_exp_avg_sq;
                state.max_exp_avg_sq = maximum(previous, state.exp_avg_sq).DetachFromDisposeScope();
                previous.Dispose();
                using var root = state.max_exp_avg_sq.sqrt();
                denom = root.div(sqrtCorrection2).add_(epsilon);
            }
            else
            {
                using var root = state.exp_avg_sq.sqrt();
                denom = root.div(sqrtCorrection2).add_(epsilon);
            }
            using (denom)
            using (var stepSize = (-(lr / biasCorrection1)).ToScalar())
                param.addcdiv_(state.exp_avg, denom, value: stepSize);
        }
    }, closure);
}
