using Contrastive.Core.Transformers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Model;

/// <summary>RecBole's <c>FeedForward</c>: <c>LayerNorm(x + Dropout(dense_2(GELU(dense_1(x)))))</c>, on the real tokens, (M, H) to (M, H);
/// the closing residual block is <see cref="ResidualOutput.Apply"/> on RecBole's <c>dense_2</c>.</summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    public readonly Linear dense_1;
    public readonly Linear dense_2;
    public readonly LayerNorm LayerNorm;
    public readonly Dropout dropout;

    public FeedForward(SasRecConfig config) : base(nameof(FeedForward))
    {
        dense_1 = nn.Linear(config.HiddenSize, config.InnerSize);
        dense_2 = nn.Linear(config.InnerSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropout);
        RegisterComponents();
    }

    /// <param name="x">(M, H)</param>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var u = nn.functional.gelu(dense_1.forward(x));                    // (M, inner)
        return ResidualOutput.Apply(dense_2, dropout, LayerNorm, u, x).MoveToOuterDisposeScope();   // (M, H)
    }
}
