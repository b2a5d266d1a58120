using System.Diagnostics;
using Contrastive.Text.Inference;
using static TorchSharp.torch;

namespace Contrastive.Bench;

/// <summary>
/// Sentence-encoding throughput in float32 and bfloat16 (<see cref="SentenceEncoder.WithDtype"/>) for one model folder
/// and one sentence file, and the agreement of the two: mean and minimum cosine between each sentence's float32 and
/// bfloat16 embeddings. The float32 and bfloat16 matmul peaks are measured in the same process.
/// </summary>
public static class EncodingBenchmark
{
    public static int Run(string modelDir, string sentencesFile, int count = 2048, int batchSize = 64)
    {
        var sentences = File.ReadLines(sentencesFile).Select(l => l.Split('\t')[^1].Trim()).Where(l => l.Length > 0).Take(count).ToArray();
        var fp32 = SentenceEncoderFolder.Load(modelDir);
        var bf16 = fp32.WithDtype(ScalarType.BFloat16);
        var c = fp32.Bert.Config;
        double meanTokens = sentences.Average(s => Math.Min(fp32.Tokenizer.EncodeBatch([s], fp32.MaxSeqLength).AttentionMask.sum().item<long>(), fp32.MaxSeqLength));
        Console.WriteLine($"encoding: {modelDir} (hidden {c.HiddenSize}, {c.NumHiddenLayers} layers, pipeline {fp32.Pipeline.Describe()}), " +
                          $"{sentences.Length} sentences of {sentencesFile} (mean {meanTokens:F1} tokens), batch {batchSize}, threads {get_num_threads()}");
        Console.WriteLine($"  matmul peak: float32 {MatmulPeak.Measure(ScalarType.Float32):F0} GFLOP/s, bfloat16 {MatmulPeak.Measure(ScalarType.BFloat16):F0} GFLOP/s");

        using var scope = NewDisposeScope();
        var warm = sentences.Take(batchSize).ToArray();
        fp32.Encode(warm, batchSize, normalize: true);
        bf16.Encode(warm, batchSize, normalize: true);
        var (a, tA) = Timed(() => fp32.Encode(sentences, batchSize, normalize: true));
        var (b, tB) = Timed(() => bf16.Encode(sentences, batchSize, normalize: true));
        var cos = (a * b).sum(1);                                                   // unit rows: cosines, (N)
        Console.WriteLine($"  float32:  {tA:F2} s -> {sentences.Length / tA:F1} sentences/s");
        Console.WriteLine($"  bfloat16: {tB:F2} s -> {sentences.Length / tB:F1} sentences/s (x{tA / tB:F2})");
        Console.WriteLine($"  cosine(float32, bfloat16): mean {cos.mean().item<float>():F5}, min {cos.min().item<float>():F5}");
        return 0;
    }

    static (Tensor Result, double Seconds) Timed(Func<Tensor> f)
    {
        var sw = Stopwatch.StartNew();
        var r = f();
        return (r, sw.Elapsed.TotalSeconds);
    }
}
