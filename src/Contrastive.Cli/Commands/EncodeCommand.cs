using System.CommandLine;
using Contrastive.Core;
using Contrastive.Core.Serialization;
using Contrastive.Text.Data;
using Contrastive.Text.Inference;
using Spectre.Console;
using static TorchSharp.torch;

namespace Contrastive.Cli.Commands;

/// <summary><c>contrastive encode</c>: embeddings of a file of sentences, as safetensors or .npy, computed in float32 or
/// bfloat16 (<c>--dtype bf16</c>; the embeddings are written as float32 either way).</summary>
public static class EncodeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder, or all-MiniLM-L6-v2 | arctic-embed-xs.", Required = true };
        var input = new Option<string>("--input") { Description = "Text file, one sentence per line.", Required = true };
        var output = new Option<string>("--output") { Description = "Output file: .safetensors (tensor 'embeddings') or .npy.", Required = true };
        var batchSize = new Option<int>("--batch-size") { Description = "Sentences per batch.", DefaultValueFactory = _ => 64 };
        var noNormalize = new Option<bool>("--no-normalize") { Description = "Keep raw embeddings instead of unit-length ones." };
        var pooler = new Option<string?>("--pooler") { Description = "Override the model's pooler." };
        var dtype = DtypeOption();

        var encode = new Command("encode", "Encode sentences into embeddings.") { model, input, output, batchSize, noNormalize, pooler, dtype };
        encode.SetAction(p =>
        {
            var outPath = p.GetValue(output)!;
            var ext = Path.GetExtension(outPath).ToLowerInvariant();
            if (ext is not (".safetensors" or ".npy"))
                throw new ContrastiveException($"{outPath}: the output must end in .safetensors or .npy.");
            int batch = p.GetValue(batchSize);
            if (batch < 1) throw new ContrastiveException($"--batch-size must be at least 1, not {batch}.");
            var type = ParseDtype(p.GetValue(dtype)!);
            var sentences = SentenceCorpus.ReadLines(p.GetValue(input)!);
            var encoder = SentenceEncoderFolder.Load(p.GetValue(model)!, p.GetValue(pooler)).WithDtype(type);
            var embeddings = AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask("encoding", maxValue: sentences.Count);
                return encoder.Encode(sentences, batch, normalize: !p.GetValue(noNormalize), progress: n => task.Value = n);
            });
            if (ext == ".npy") NpyFile.Save(outPath, embeddings);
            else SafeTensors.Save(outPath, [KeyValuePair.Create("embeddings", embeddings)]);
            Console.WriteLine($"wrote {embeddings.shape[0]} x {embeddings.shape[1]} embeddings to {outPath}");
            return 0;
        });
        return encode;
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
