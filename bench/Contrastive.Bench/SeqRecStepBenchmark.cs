using System.Diagnostics;
using Contrastive.Core.Training;
using Contrastive.Sequences.Data;
using Contrastive.Sequences.Evaluation;
using Contrastive.Sequences.Model;
using Contrastive.Sequences.Training;
using static TorchSharp.torch;

namespace Contrastive.Bench;

/// <summary>
/// SASRec, CL4SRec, CoSeRec and DuoRec training steps on Amazon Beauty (RecBole's SASRec shape: hidden 64, 2 layers, inner 256,
/// 12,101 items; batch 256 users), timed on the same batches for both, reported as seconds per epoch (mean step x
/// steps per epoch) and as the fraction of the float32 matmul peak measured in the same process.
/// <para>FLOPs per step are counted for the matrix products the code performs on exactly the timed batches: per layer
/// 2(4H^2 + 2HI) per real token for the projections and feed-forward (they skip the padding, see TokenLayout) plus
/// 4T^2H per sequence for attention over the padded (B, T) layout; the logits 2HN per real position; CL4SRec and
/// CoSeRec add the encoder over their two views, DuoRec (us_x) a second dropout pass over the input and one over the
/// supervised positives; backward = 2 x forward.</para>
/// <para>Full-softmax share: after each timed step (outside its clock), the next-item loss alone, logits + softmax
/// cross-entropy over all N items, forward and backward, is timed from the encoder outputs of the same batch
/// (detached, so the encoder's backward is not counted); its mean over the mean step time is the share of the step
/// that the full softmax takes.</para>
/// </summary>
public static class SeqRecStepBenchmark
{
    public static int Run(string sharedData, int batch = 256, int steps = 20, int warmup = 3)
    {
        var path = Path.Combine(sharedData, "sequences", "Beauty.txt");
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"needs {path}");
            return 2;
        }
        double peakBefore = MatmulPeak.Measure();
        var data = SequenceDataset.Load(path, SequenceFormat.Sequences);
        var split = new LeaveOneOutSplit(data);
        var config = new SasRecConfig { NumItems = data.Items.Count };
        var rng = new Random(0);
        var order = Enumerable.Range(0, split.Train.Count(s => s.Length >= 2)).OrderBy(_ => rng.Next()).ToArray();
        int stepsPerEpoch = (order.Length + batch - 1) / batch;
        Console.WriteLine($"Beauty: {data.Sequences.Count} users, {data.Items.Count} items; {order.Length} training sequences, {stepsPerEpoch} steps of {batch} per epoch");
        foreach (var kind in new[] { SeqRecModelKind.SasRec, SeqRecModelKind.Cl4SRec, SeqRecModelKind.CoSeRec, SeqRecModelKind.DuoRec })
        {
            manual_seed(1);
            using var gen = new Generator(1);
            var model = new SasRec(config, gen);
            var setup = new SeqRecTrainingSetup(path, SequenceFormat.Sequences, kind, config, new TrainingOptions { OutputDir = "unused" });
            var source = SeqRecTraining.BatchSource(setup, split, data.Items, config.MaxSeqLength);
            var method = SeqRecTraining.Method(setup, model, data.Items);
            using var optimizer = optim.Adam(model.parameters(), 1e-3);
            model.train();
            var times = new List<double>();
            var softmaxTimes = new List<double>();
            double flops = 0;
            for (int s = 0; s < warmup + steps; s++)
            {
                var indices = order.Skip(s * batch).Take(batch).ToArray();
                var clock = Stopwatch.StartNew();
                using (var scope = NewDisposeScope())
                {
                    optimizer.zero_grad();
                    var b = source.GetBatch(indices);
                    method.ComputeLoss(b).backward();
                    optimizer.step();
                    if (s >= warmup) flops += 3 * Flops(config, b, kind);
                }
                if (s >= warmup)
                {
                    times.Add(clock.Elapsed.TotalSeconds);
                    softmaxTimes.Add(SoftmaxSeconds(model, source.GetBatch(indices)));
                }
            }
            double mean = times.Average();
            var sorted = times.Order().ToArray();
            double achieved = flops / times.Sum() / 1e9;
            Console.WriteLine($"{kind}: threads {get_num_threads()}, {steps} timed steps after {warmup} warm-up");
            Console.WriteLine($"  step time mean {mean:F3} s (median {sorted[sorted.Length / 2]:F3}, min {sorted[0]:F3}, max {sorted[^1]:F3})");
            Console.WriteLine($"  -> {mean * stepsPerEpoch:F1} s per epoch of {stepsPerEpoch} steps");
            Console.WriteLine($"  full-softmax next-item loss (logits + cross-entropy, forward + backward) {softmaxTimes.Average():F3} s per step = {softmaxTimes.Average() / mean:P1} of the step");
            Console.WriteLine($"  matmul FLOPs {flops / steps / 1e9:F1} GFLOP per step -> {achieved:F1} GFLOP/s");
            var peakNow = MatmulPeak.Measure();
            double peak = Math.Max(peakBefore, peakNow);
            Console.WriteLine($"  float32 matmul peak {peak:F1} GFLOP/s (start {peakBefore:F1}, now {peakNow:F1}); fraction of peak {achieved / peak:P1}");
        }
        return 0;
    }

    /// <summary>Seconds of <see cref="NextItemLoss.FromHidden"/> forward and backward on <paramref name="b"/>'s encoder
    /// outputs, computed beforehand and detached.</summary>
    static double SoftmaxSeconds(SasRec model, SequenceBatch b)
    {
        using var scope = NewDisposeScope();
        Tensor hidden;
        using (no_grad()) hidden = model.forward(b.Input);
        hidden = hidden.detach().requires_grad_(true);
        var clock = Stopwatch.StartNew();
        NextItemLoss.FromHidden(model, hidden, b.Targets).backward();
        double seconds = clock.Elapsed.TotalSeconds;
        model.zero_grad();
        return seconds;
    }

    /// <summary>Forward matrix-product FLOPs of one batch (see the class summary).</summary>
    static double Flops(SasRecConfig c, SequenceBatch b, SeqRecModelKind kind)
    {
        double h = c.HiddenSize, i = c.InnerSize;
        double Encoder(Tensor items)
        {
            double B = items.shape[0], T = items.shape[1], tokens = items.count_nonzero().item<long>();
            return c.NumLayers * (tokens * 2 * (4 * h * h + 2 * h * i) + B * 4 * T * T * h);
        }
        double positions = b.Targets.count_nonzero().item<long>();
        double total = Encoder(b.Input) + positions * 2 * h * c.NumItems;
        if (kind == SeqRecModelKind.DuoRec) total += Encoder(b.Input) + Encoder(b.View1!);
        else if (b.View1 is not null) total += Encoder(b.View1) + Encoder(b.View2!);
        return total;
    }
}
