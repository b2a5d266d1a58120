using System.Text.Json;
using System.Text.Json.Serialization;
using Contrastive.Core.Serialization;
using Contrastive.Sequences.Data;
using Contrastive.Sequences.Model;

namespace Contrastive.Sequences.Evaluation;

/// <summary>
/// Validation and test metrics of a model on a data set under <see cref="LeaveOneOutSplit"/>, full ranking;
/// written as JSON by <c>seqrec eval</c> and at the end of <c>seqrec train</c>.
/// </summary>
public sealed record LeaveOneOutReport(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("data")] string Data,
    [property: JsonPropertyName("users")] int Users,
    [property: JsonPropertyName("items")] int Items,
    [property: JsonPropertyName("cases")] int Cases,
    [property: JsonPropertyName("history_excluded")] bool HistoryExcluded,
    [property: JsonPropertyName("valid")] IReadOnlyDictionary<string, double> Validation,
    [property: JsonPropertyName("test")] IReadOnlyDictionary<string, double> Test)
{
    /// <summary>Evaluates <paramref name="model"/> on the validation and test cases of <paramref name="data"/>.</summary>
    public static LeaveOneOutReport Create(string modelName, string dataName, SasRec model, SequenceDataset data, int batchSize = 512)
    {
        var split = new LeaveOneOutSplit(data);
        return new LeaveOneOutReport(modelName, dataName, data.Sequences.Count, data.Items.Count, split.Test.Count, false,
                                     FullRankingEvaluator.Evaluate(model, split.Validation, batchSize: batchSize),
                                     FullRankingEvaluator.Evaluate(model, split.Test, batchSize: batchSize));
    }

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
}
