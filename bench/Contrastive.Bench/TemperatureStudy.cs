using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contrastive.Core.Evaluation;
using Contrastive.Reporting.Plotting;
using Contrastive.Core.Serialization;
using Contrastive.Vision.Data;
using Contrastive.Vision.Evaluation;
using Contrastive.Vision.Models;
using static TorchSharp.torch;

namespace Contrastive.Bench;

/// <summary>
/// The measurements and plots of bench/temperature-study.sh (Wang &amp; Liu 2021): reads the runs it trained
/// (OUT/text-tauT, OUT/vision-tauT, OUT/text-hcl, OUT/vision-hcl), measures each vision encoder (kNN accuracy on the
/// first 5,000 train / 2,000 test images, uniformity and tolerance of the 2,000 test embeddings), reads each text run's
/// final STS-B dev Spearman (and its alignment / uniformity) from its trainer log, prints a Markdown table and draws
/// the PNGs. Subcommands: best-text OUT TAUS, best-vision OUT TAUS DATA, analyze OUT TAUS DATA PLOT_DIR.
/// </summary>
public static class TemperatureStudy
{
    const int TrainImages = 5000, TestImages = 2000;
    const string TrainerLogFile = "trainer_log.jsonl";

    public static int Run(string[] args)
    {
        if (args.Length < 3) return Usage();
        var outDir = args[1];
        var taus = args[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToArray();
        switch (args[0])
        {
            case "best-text":
                Console.WriteLine(taus.MaxBy(t => TextMetrics(Path.Combine(outDir, $"text-tau{t}"))?.Spearman ?? double.NegativeInfinity));
                return 0;
            case "best-vision" when args.Length >= 4:
                Console.WriteLine(taus.MaxBy(t => VisionMetrics(Path.Combine(outDir, $"vision-tau{t}"), args[3])?.Knn ?? double.NegativeInfinity));
                return 0;
            case "analyze" when args.Length >= 5:
                Analyze(outDir, taus, args[3], args[4]);
                return 0;
            default:
                return Usage();
        }
    }

    static int Usage()
    {
        Console.Error.WriteLine("usage: temperature-study best-text OUT TAUS | best-vision OUT TAUS DATA | analyze OUT TAUS DATA PLOT_DIR");
        return 2;
    }

    sealed record TextResult(double Spearman, double Alignment, double Uniformity, int Steps);

    sealed record VisionResult(double Knn, double Uniformity, double Tolerance, int Steps);

    /// <summary>The last evaluation record of a SimCSE run's trainer log, or null when the run is missing.</summary>
    static TextResult? TextMetrics(string runDir)
    {
        var log = Path.Combine(runDir, TrainerLogFile);
        if (!File.Exists(log)) return null;
        var last = File.ReadLines(log).Select(l => JsonNode.Parse(l)!).LastOrDefault(n => n["eval"] is not null);
        if (last is null) return null;
        var e = last["eval"]!;
        return new TextResult(e["stsb_spearman"]!.GetValue<double>(), e["alignment"]!.GetValue<double>(),
                              e["uniformity"]!.GetValue<double>(), last["step"]!.GetValue<int>());
    }

    /// <summary>kNN, uniformity and tolerance of a vision run's final encoder, cached in RUN/temperature_metrics.json.</summary>
    static VisionResult? VisionMetrics(string runDir, string dataPath)
    {
        var model = Path.Combine(runDir, "final");
        if (!Directory.Exists(model)) return null;
        var cache = Path.Combine(runDir, "temperature_metrics.json");
        if (File.Exists(cache)) return JsonSerializer.Deserialize<VisionResult>(File.ReadAllText(cache));
        using var scope = NewDisposeScope();
        var (encoder, manifest) = VisionModelFolder.Load(model);
        using var train = ImageDataLoader.Load(dataPath, DataSplit.Train);
        using var test = ImageDataLoader.Load(dataPath, DataSplit.Test);
        if (manifest.ImageSize != train.Height)
            throw new InvalidOperationException($"{model}: trained on {manifest.ImageSize}-pixel images, {dataPath} has {train.Height}.");
        var trainImages = train.Take(TrainImages);
        var testImages = test.Take(TestImages);
        var trainFeatures = FeatureExtractor.Extract(encoder.forward, trainImages.Images);
        var testFeatures = FeatureExtractor.Extract(encoder.forward, testImages.Images);
        var knn = new KnnClassifier(trainFeatures, trainImages.Labels!, train.ClassNames.Count);
        var steps = File.ReadLines(Path.Combine(runDir, TrainerLogFile)).Select(l => JsonNode.Parse(l)!)
                        .Where(n => n["loss"] is not null).Select(n => n["step"]!.GetValue<int>()).DefaultIfEmpty(0).Max();
        var result = new VisionResult(knn.Accuracy(testFeatures, testImages.Labels!), AlignmentUniformity.Uniformity(testFeatures),
                                      Tolerance.Compute(testFeatures, testImages.Labels!), steps);
        AtomicFile.WriteAllText(cache, JsonSerializer.Serialize(result));
        return result;
    }

    static void Analyze(string outDir, string[] taus, string dataPath, string plotDir)
    {
        var values = taus.Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var text = taus.Select(t => TextMetrics(Path.Combine(outDir, $"text-tau{t}"))).ToArray();
        var vision = taus.Select(t => VisionMetrics(Path.Combine(outDir, $"vision-tau{t}"), dataPath)).ToArray();
        var textHcl = TextMetrics(Path.Combine(outDir, "text-hcl"));
        var visionHcl = VisionMetrics(Path.Combine(outDir, "vision-hcl"), dataPath);
        double? textHclTau = ReadTemperature(Path.Combine(outDir, "text-hcl.tau"));
        double? visionHclTau = ReadTemperature(Path.Combine(outDir, "vision-hcl.tau"));

        Console.WriteLine("| loss | tau | SimCSE steps | STS-B dev Spearman x100 | text alignment | text uniformity | SimCLR steps | kNN acc % | uniformity | tolerance |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < taus.Length; i++) Row("InfoNCE / NT-Xent", taus[i], text[i], vision[i]);
        if (textHcl is not null) Row("HCL (beta, tau+ as run)", $"{textHclTau}", textHcl, null);
        if (visionHcl is not null) Row("HCL (beta, tau+ as run)", $"{visionHclTau}", null, visionHcl);

        var x = values.Select(Math.Log10).ToArray();
        var ticks = values.Select((v, i) => (x[i], taus[i])).ToArray();
        string Axis = "temperature tau (log scale)";

        // 1. Relative penalty r_k of a negative against its similarity, K = 256 negatives spread evenly over [-1, 1].
        const int k = 256;
        using (NewDisposeScope())
        {
            var s = linspace(-1, 1, k, dtype: ScalarType.Float64);
            var sims = s.data<double>().ToArray();
            var curves = values.Select((tau, i) => new PlotSeries($"InfoNCE tau={taus[i]}", sims,
                NegativeGradientWeight.InfoNce(s, tau).log10().data<double>().ToArray())).ToList();
            double hclTau = visionHclTau ?? 0.5;
            curves.Add(new PlotSeries($"HCL beta=1 tau={hclTau.ToString(CultureInfo.InvariantCulture)}", sims,
                NegativeGradientWeight.Hcl(s, hclTau, 1.0).log10().data<double>().ToArray()));
            LineSeriesPlot.Save(Path.Combine(plotDir, "gradient_weight.png"),
                $"Relative penalty on a negative, r = softmax(s/tau) over {k} negatives evenly spread in [-1, 1]",
                "similarity s of the negative to the anchor", "log10 r", curves,
                yLimits: (-12, 0), legend: ScottPlot.Alignment.LowerLeft);
        }

        // 2. Uniformity and tolerance (SimCLR on Fashion-MNIST) against tau.
        var structure = new List<PlotSeries>
        {
            new("uniformity (log E exp(-2||f(x)-f(y)||^2))", x, vision.Select(v => v?.Uniformity ?? double.NaN).ToArray()),
            new("tolerance (mean same-class cosine)", x, vision.Select(v => v?.Tolerance ?? double.NaN).ToArray()),
        };
        if (visionHcl is not null && visionHclTau is { } vt)
        {
            structure.Add(new("HCL uniformity", [Math.Log10(vt)], [visionHcl.Uniformity], MarkersOnly: true));
            structure.Add(new("HCL tolerance", [Math.Log10(vt)], [visionHcl.Tolerance], MarkersOnly: true));
        }
        LineSeriesPlot.Save(Path.Combine(plotDir, "uniformity_tolerance.png"),
            "SimCLR on Fashion-MNIST: uniformity and tolerance of the test embeddings", Axis, "value", structure, ticks,
            legend: ScottPlot.Alignment.MiddleRight);

        // 3. Downstream metric against tau.
        var downstream = new List<PlotSeries>
        {
            new("SimCLR kNN accuracy % (Fashion-MNIST 5k/2k)", x, vision.Select(v => v is null ? double.NaN : 100 * v.Knn).ToArray()),
            new("SimCSE STS-B dev Spearman x100", x, text.Select(t => t?.Spearman ?? double.NaN).ToArray()),
        };
        if (visionHcl is not null && visionHclTau is { } vt2)
            downstream.Add(new("SimCLR + HCL kNN %", [Math.Log10(vt2)], [100 * visionHcl.Knn], MarkersOnly: true));
        if (textHcl is not null && textHclTau is { } tt)
            downstream.Add(new("SimCSE + HCL Spearman x100", [Math.Log10(tt)], [textHcl.Spearman], MarkersOnly: true));
        LineSeriesPlot.Save(Path.Combine(plotDir, "downstream.png"), "Downstream metric against the temperature",
            Axis, "metric", downstream, ticks, legend: ScottPlot.Alignment.LowerLeft);
        Console.WriteLine($"plots: {Path.Combine(plotDir, "gradient_weight.png")}, uniformity_tolerance.png, downstream.png");
    }

    static void Row(string loss, string tau, TextResult? t, VisionResult? v) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {loss} | {tau} | {t?.Steps.ToString() ?? "-"} | {t?.Spearman.ToString("F2") ?? "-"} | {t?.Alignment.ToString("F3") ?? "-"} | {t?.Uniformity.ToString("F3") ?? "-"} | {v?.Steps.ToString() ?? "-"} | {(v is null ? "-" : (100 * v.Knn).ToString("F2"))} | {v?.Uniformity.ToString("F3") ?? "-"} | {v?.Tolerance.ToString("F3") ?? "-"} |"));

    /// <summary>The temperature of an HCL run, written by the study script next to the run (RUN.tau).</summary>
    static double? ReadTemperature(string path) =>
        File.Exists(path) ? double.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture) : null;
}
