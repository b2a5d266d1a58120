using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Evaluation;

/// <summary>
/// Linear evaluation of frozen features: multinomial logistic regression p(y | x) = softmax(W x̂ + b), where
/// x̂ = (x − μ) / σ is standardised with the training mean and deviation, minimising
/// mean cross-entropy + (λ/2) ‖W‖² by full-batch Adam (<see cref="LinearProbeOptions"/>). W and b start at 0, so the
/// result is deterministic (no randomness at all).
/// </summary>
public static class LinearProbe
{
    /// <param name="trainFeatures">(N, D) features of the labelled training images.</param>
    /// <param name="trainLabels">(N) labels in [0, C).</param>
    /// <param name="testFeatures">(M, D).</param>
    /// <param name="testLabels">(M).</param>
    public static LinearProbeResult Evaluate(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels,
                                             int numClasses, LinearProbeOptions? options = null)
    {
        options = (options ?? new LinearProbeOptions()).Validate();
        ArgumentNullException.ThrowIfNull(trainFeatures);
        ArgumentNullException.ThrowIfNull(testFeatures);
        if (trainFeatures.ndim != 2 || testFeatures.ndim != 2 || trainFeatures.shape[1] != testFeatures.shape[1])
            throw new ArgumentException($"The features must be (N, D) and (M, D), but they have shapes [{string.Join(", ", trainFeatures.shape)}] and [{string.Join(", ", testFeatures.shape)}].");
        if (trainLabels.shape[0] != trainFeatures.shape[0] || testLabels.shape[0] != testFeatures.shape[0])
            throw new ArgumentException("There must be one label per feature row.");
        if (numClasses < 2) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, $"The linear probe needs at least 2 classes, got {numClasses}.");

        using var scope = NewDisposeScope();
        var x = trainFeatures.detach().to_type(ScalarType.Float32);                   // (N, D)
        var y = trainLabels.to_type(ScalarType.Int64);                                // (N)
        var mean = x.mean([0], keepdim: true);                                        // (1, D)
        var std = x.std(0, unbiased: false, keepdim: true).clamp_min(1e-6);           // (1, D)
        x = (x - mean) / std;
        var xt = (testFeatures.detach().to_type(ScalarType.Float32) - mean) / std;    // (M, D)

        long d = x.shape[1];
        var weight = new TorchSharp.Modules.Parameter(zeros([d, numClasses]));         // (D, C)
        var bias = new TorchSharp.Modules.Parameter(zeros([numClasses]));              // (C)
        using var optimizer = optim.Adam([weight, bias], lr: options.LearningRate);
        for (int step = 0; step < options.Steps; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var logits = x.mm(weight) + bias;                                         // (N, C)
            var loss = nn.functional.cross_entropy(logits, y) + 0.5 * options.L2 * weight.square().sum();
            loss.backward();
            optimizer.step();
        }
        using var noGrad = no_grad();
        double Accuracy(Tensor features, Tensor labels) =>
            (features.mm(weight) + bias).argmax(1).eq(labels.to_type(ScalarType.Int64)).to_type(ScalarType.Float64).mean().item<double>();
        return new LinearProbeResult(Accuracy(x, y), Accuracy(xt, testLabels));
    }
}
