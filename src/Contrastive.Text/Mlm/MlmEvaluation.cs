namespace Contrastive.Text.Mlm;

/// <summary>The masked-language-model quality of a model on held-out sentences (<see cref="MlmEvaluator"/>).</summary>
/// <param name="Accuracy">Percentage (x100) of the masked positions whose most likely token is the original one.</param>
/// <param name="Loss">Mean cross-entropy (nats) over the masked positions.</param>
/// <param name="MaskedTokens">Number of masked (predicted) positions.</param>
/// <param name="Sentences">Number of held-out sentences.</param>
public sealed record MlmEvaluation(double Accuracy, double Loss, int MaskedTokens, int Sentences)
{
    /// <summary>The trainer's metrics: <c>mlm_accuracy</c> and <c>mlm_loss</c>.</summary>
    public IReadOnlyDictionary<string, double> ToMetrics() => new Dictionary<string, double>
    {
        [MlmEvaluator.AccuracyMetric] = Accuracy,
        [MlmEvaluator.LossMetric] = Loss,
    };
}
