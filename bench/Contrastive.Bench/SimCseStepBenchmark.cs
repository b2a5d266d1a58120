using System.Diagnostics;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;
using Contrastive.Text.Data;
using Contrastive.Text.SimCse;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Bench;

/// <summary>
/// Unsupervised SimCSE training throughput through the project's real <see cref="Trainer{TBatch}"/> (forward of two
/// dropout views, InfoNCE, backward, clipping, AdamW), reported as sentences/s and as the fraction of this machine's
/// float32 matmul peak measured in the same process.
/// <para>FLOPs per step are counted analytically for the matrix products (the work that dominates):
/// per layer and token 2(4H^2 + 2HI) for the projections and feed-forward, plus 4TH per token for attention
/// scores and the weighted sum; the MLP pooler 2H^2 per sentence; backward = 2 x forward.</para>
/// </summary>
public static class SimCseStepBenchmark
{
    public static int Run(string sharedData, int hidden = 256, int layers = 4, int batch = 64, int seqLen = 32, int steps = 30, int warmup = 5)
    {
        var vocabPath = Path.Combine(sharedData, "vocab", "vocab.txt");
        var corpusPath = Path.Combine(sharedData, "text", "wikitext2_validtest_sentences.txt");
        if (!File.Exists(vocabPath) || !File.Exists(corpusPath))
        {
            Console.Error.WriteLine($"needs {vocabPath} and {corpusPath}");
            return 2;
        }
        double peakBefore = MatmulPeak.Measure();
        var tokenizer = WordPieceTokenizer.FromVocabFile(vocabPath);
        // Sentences long enough to fill seqLen tokens, so every batch is (2B, seqLen).
        var sentences = SentenceCorpus.ReadLines(corpusPath).Where(s => tokenizer.Encode(s).Count >= seqLen).ToArray();
        var config = new BertConfig
        {
            VocabSize = tokenizer.VocabSize, HiddenSize = hidden, NumHiddenLayers = layers, NumAttentionHeads = hidden / 64,
            IntermediateSize = 4 * hidden,
        }.Validate();
        using var gen = new Generator(0);
        var bert = new BertModel(config, generator: gen);
        var method = new SimCse(bert, tokenizer, new SimCseOptions(MaxSeqLength: seqLen, MlpOnlyTrain: true));
        var source = SimCseBatchSource.Unsupervised(sentences, tokenizer, seqLen);
        var outDir = Path.Combine(Path.GetTempPath(), "contrastive-bench-" + Guid.NewGuid().ToString("N"));
        var times = new List<double>();
        var clock = Stopwatch.StartNew();
        var observer = new StepClock(times, clock);
        try
        {
            new Trainer<SimCseBatch>(method, source, new TrainingOptions
            {
                OutputDir = outDir, BatchSize = batch, MaxSteps = warmup + steps, LearningRate = 1e-4, EvalSteps = 1_000_000,
            }, observer: observer).Run();
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
        double peakAfter = MatmulPeak.Measure();
        double peak = Math.Max(peakBefore, peakAfter);

        var measured = times.Skip(warmup).Order().ToArray();
        double median = measured[measured.Length / 2];
        long h = hidden, i = 4L * hidden, tokens = 2L * batch * seqLen, n = 2L * batch;
        double forward = layers * (tokens * 2.0 * (4 * h * h + 2 * h * i) + n * 4.0 * seqLen * seqLen * h) + n * 2.0 * h * h;
        double flops = 3 * forward;
        double achieved = flops / median / 1e9;
        Console.WriteLine($"SimCSE unsupervised step: hidden {hidden}, {layers} layers, {hidden / 64} heads, batch {batch} (2 views), seq {seqLen}, vocab {tokenizer.VocabSize}");
        Console.WriteLine($"  threads {get_num_threads()}, {steps} timed steps after {warmup} warm-up");
        Console.WriteLine($"  step time median {median:F3} s (min {measured[0]:F3}, max {measured[^1]:F3})");
        Console.WriteLine($"  throughput {batch / median:F1} sentences/s ({2 * batch / median:F1} encoded views/s)");
        Console.WriteLine($"  matmul FLOPs per step {flops / 1e9:F1} GFLOP -> {achieved:F1} GFLOP/s");
        Console.WriteLine($"  float32 matmul peak {peak:F1} GFLOP/s (before {peakBefore:F1}, after {peakAfter:F1})");
        Console.WriteLine($"  fraction of peak {achieved / peak:P1}");
        return 0;
    }

    sealed class StepClock(List<double> times, Stopwatch clock) : ITrainingObserver
    {
        double _last;
        public void OnStep(TrainingStatus status)
        {
            double now = clock.Elapsed.TotalSeconds;
            times.Add(now - _last);
            _last = now;
        }
    }
}
