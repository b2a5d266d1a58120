using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Core.Training;

/// <summary>
/// Builds AdamW (Loshchilov and Hutter, 2019, decoupled weight decay) the way the Hugging Face Trainer does:
/// two parameter groups, with weight decay for the weights and without it for biases and LayerNorm weights.
/// Only parameters that require gradients are optimised.
/// </summary>
public static class AdamWFactory
{
    /// <summary>True when the parameter named <paramref name="name"/> gets weight decay: not a bias (the name ends
    /// in "bias") and not part of a LayerNorm (the name contains "LayerNorm", the Hugging Face spelling).</summary>
    public static bool DecaysWeight(string name) =>
        !name.EndsWith("bias", StringComparison.Ordinal) && !name.Contains("LayerNorm", StringComparison.Ordinal);

    /// <summary>The trainable parameters of <paramref name="model"/>, in state-dict order.</summary>
    public static IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters(nn.Module model) =>
        model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, p.parameter)).ToList();

    /// <summary>AdamW over the trainable parameters of <paramref name="model"/>, configured by <paramref name="options"/>
    /// (the learning rate is set by the trainer before each step).</summary>
    public static AdamW Create(nn.Module model, TrainingOptions options)
    {
        var parameters = TrainableParameters(model);
        if (parameters.Count == 0) throw new ContrastiveException("The model has no trainable parameters.");
        var groups = new List<AdamW.ParamGroup>();
        foreach (var decays in new[] { true, false })
        {
            var members = parameters.Where(p => DecaysWeight(p.Name) == decays).Select(p => p.Parameter).ToArray();
            if (members.Length == 0) continue;
            groups.Add(new AdamW.ParamGroup(members, options.LearningRate, options.AdamBeta1, options.AdamBeta2,
                                            options.AdamEpsilon, weight_decay: decays ? options.WeightDecay : 0.0));
        }
        return new AdamW(groups, options.LearningRate, options.AdamBeta1, options.AdamBeta2, options.AdamEpsilon);
    }
}
