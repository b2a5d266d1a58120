using System.CommandLine;
using Contrastive.Core;
using Contrastive.Core.Serialization;
using Contrastive.Text.Data;
using Contrastive.Embeddings.Backends;
using Contrastive.Text.Inference;
using Contrastive.Text.PostProcessing;
using Spectre.Console;
using static TorchSharp.torch;

namespace Contrastive.Cli.Commands;

/// <summary><c>contrastive encode</c>: embeddings of a file of sentences, as safetensors or .npy, computed in float32 or
/// bfloat16 (<c>--dtype bf16</c>; the embeddings are written as float32 either way). <c>--shard i/n</c> encodes one
/// contiguous part (<see cref="EncodeShard"/>) so n processes share a corpus; <c>--merge PARTS --output FILE</c> joins
/// the parts in order, byte-identical to a single run.</summary>
public static class EncodeCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Model folder, or all-MiniLM-L6-v2 | arctic-embed-xs." };
        var input = new Option<string?>("--input") { Description = "Text file, one sentence per line." };
        var output = new Option<string>("--output") { Description = "Output file: .safetensors (tensor 'embeddings') or .npy.", Required = true };
        var batchSize = new Option<int>("--batch-size") { Description = "Sentences per batch.", DefaultValueFactory = _ => 64 };
        var noNormalize = new Option<bool>("--no-normalize") { Description = "Keep raw embeddings instead of unit-length ones." };
        var pooler = PoolerOption.Override();
        var shard = new Option<string?>("--shard") { Description = "Encode only shard i of n (i/n, 0-based): contiguous rows, whole blocks of 16 batches; join the parts with --merge." };
        var merge = new Option<string[]>("--merge") { Description = "Join these parts (written with --shard), in the order given, into --output instead of encoding.", AllowMultipleArgumentsPerToken = true };
        var dtype = DtypeOption();
        var backend = BackendOption();

        var encode = new Command("encode", "Encode sentences into embeddings.") { model, input, output, batchSize, noNormalize, pooler, shard, merge, dtype, backend };
        encode.SetAction(p =>
        {
            var outPath = p.GetValue(output)!;
            EmbeddingParts.Format(outPath);
            OutputPath.File(outPath, "--output");
            if (p.GetValue(merge) is { Length: > 0 } parts)
            {
                if (p.GetValue(model) is not null || p.GetValue(input) is not null || p.GetValue(shard) is not null)
                    throw new ContrastiveException("--merge joins written parts: give it without --model, --input and --shard.");
                var (rows, width) = EmbeddingParts.Merge(parts, outPath);
                Console.WriteLine($"joined {parts.Length} parts: {rows} x {width} embeddings to {outPath}");
                return 0;
            }
            var modelDir = p.GetValue(model) ?? throw new ContrastiveException("--model is required (or --merge PARTS to join parts).");
            var inputPath = p.GetValue(input) ?? throw new ContrastiveException("--input is required (or --merge PARTS to join parts).");
            int batch = OptionValues.Positive(p.GetValue(batchSize), "--batch-size");
            var part = p.GetValue(shard) is { } text ? EncodeShard.Parse(text) : EncodeShard.All;
            var type = ParseDtype(p.GetValue(dtype)!);
            var sentences = SentenceCorpus.ReadLines(inputPath);
            var (start, end) = part.Rows(sentences.Count, batch);
            var engine = InferenceBackendNames.Parse(p.GetValue(backend)!);
            using var encoder = SentenceEncoderLoader.Load(modelDir, engine, PoolerOption.GetOverride(p, pooler), dtype: type);
            using var scope = NewDisposeScope();
            var embeddings = AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask(part.Count == 1 ? "encoding" : $"encoding shard {part.Index}/{part.Count}", maxValue: end - start);
                return EncodeBlocks(encoder, sentences, start, end, batch, !p.GetValue(noNormalize), n => task.Value = n);
            });
            EmbeddingParts.Save(outPath, embeddings);
            Console.WriteLine($"wrote {embeddings.shape[0]} x {embeddings.shape[1]} embeddings{(part.Count == 1 ? "" : $" (rows {start} to {end - 1} of {sentences.Count}, shard {part.Index}/{part.Count})")} to {outPath}");
            return 0;
        });
        return encode;
    }

    /// <summary>The <c>--backend</c> option shared by the inference commands: torch (default) or onnx.</summary>
    internal static Option<string> BackendOption() => new("--backend")
    {
        Description = "Inference engine: torch (TorchSharp, default) or onnx (ONNX Runtime on MODEL/onnx/model.onnx, written by `contrastive model export-onnx`).",
        DefaultValueFactory = _ => "torch",
    };

    /// <summary>Rows [start, end) encoded block by block (<see cref="EncodeShard.BlockRows"/>; start is a block boundary).</summary>
    /// <remarks>A folder's BERT-flow is part of <paramref name="encoder"/> (<see cref="FlowedSentenceEncoder"/>).</remarks>
    static Tensor EncodeBlocks(ISentenceEncoder encoder, IReadOnlyList<string> sentences, int start, int end, int batch, bool normalize, Action<int> progress)
    {
        int block = EncodeShard.BlockRows(batch);
        var parts = new List<Tensor> { zeros(0, encoder.Dimension) };
        for (int first = start; first < end; first += block)
        {
            int n = Math.Min(block, end - first), done = first - start;
            var chunk = sentences.Skip(first).Take(n).ToArray();
            parts.Add(encoder.Encode(chunk, batch, normalize, k => progress(done + k)));
        }
        return cat(parts, 0);
    }

    /// <summary>The <c>--dtype</c> option shared by the inference commands: fp32 (default) or bf16.</summary>
    internal static Option<string> DtypeOption() => new("--dtype")
    {
        Description = "Inference type: fp32 or bf16 (the model is cast to bfloat16; outputs stay float32).",
        DefaultValueFactory = _ => "fp32",
    };

    /// <exception cref="ContrastiveException">The name is not fp32/float32 or bf16/bfloat16.</exception>
    internal static ScalarType ParseDtype(string name) => name.ToLowerInvariant() switch
    {
        "fp32" or "float32" => ScalarType.Float32,
        "bf16" or "bfloat16" => ScalarType.BFloat16,
        _ => throw new ContrastiveException($"--dtype must be fp32 or bf16, not '{name}'."),
    };
}
