using Contrastive.Text.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace Contrastive.Embeddings.Tests.Onnx;

/// <summary>Runs an exported graph in ONNX Runtime on a padded batch and returns both outputs as flat arrays.</summary>
internal static class OnnxParity
{
    public static (float[] LastHiddenState, float[] SentenceEmbedding) Run(string path, PaddedTokens padded)
    {
        var outputs = Outputs(path, padded, _ => ["last_hidden_state", "sentence_embedding"]);
        return (outputs[0], outputs[1]);
    }

    /// <summary>The token states (last_hidden_state, else the first output) of any graph taking input_ids,
    /// attention_mask and token_type_ids (those it declares), e.g. a package's own model.onnx.</summary>
    public static float[] RunTokenStates(string path, PaddedTokens padded) =>
        Outputs(path, padded, s => [s.OutputMetadata.ContainsKey("last_hidden_state") ? "last_hidden_state" : s.OutputMetadata.Keys.First()])[0];

    static float[][] Outputs(string path, PaddedTokens padded, Func<InferenceSession, string[]> outputNames)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(path, options);
        using var ids = OrtValue.CreateTensorValueFromMemory(padded.InputIds, padded.Shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(padded.AttentionMask, padded.Shape);
        using var types = OrtValue.CreateTensorValueFromMemory(new long[padded.InputIds.Length], padded.Shape);
        var all = new Dictionary<string, OrtValue> { ["input_ids"] = ids, ["attention_mask"] = mask, ["token_type_ids"] = types };
        var names = session.InputMetadata.Keys.ToArray();
        using var run = new RunOptions();
        using var outputs = session.Run(run, names, names.Select(n => all[n]).ToArray(), outputNames(session));
        return outputs.Select(o => o.GetTensorDataAsSpan<float>().ToArray()).ToArray();
    }

    public static double MaxAbsDiff(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }
}
