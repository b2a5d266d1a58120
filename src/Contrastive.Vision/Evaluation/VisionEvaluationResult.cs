using System.Text.Json.Serialization;

namespace Contrastive.Vision.Evaluation;

/// <summary>What <c>contrastive vision eval</c> reports (accuracies as fractions in [0, 1]).</summary>
public sealed record VisionEvaluationResult(
    [property: JsonPropertyName("features")] string Features,
    [property: JsonPropertyName("feature_dim")] int FeatureDim,
    [property: JsonPropertyName("train_images")] int TrainImages,
    [property: JsonPropertyName("test_images")] int TestImages,
    [property: JsonPropertyName("knn_k")] int KnnK,
    [property: JsonPropertyName("knn_temperature")] double KnnTemperature,
    [property: JsonPropertyName("knn_accuracy")] double KnnAccuracy,
    [property: JsonPropertyName("linear_probe_train_accuracy")] double LinearProbeTrainAccuracy,
    [property: JsonPropertyName("linear_probe_accuracy")] double LinearProbeAccuracy,
    [property: JsonPropertyName("alignment")] double? Alignment,
    [property: JsonPropertyName("uniformity")] double? Uniformity,
    [property: JsonPropertyName("seconds")] double Seconds);
