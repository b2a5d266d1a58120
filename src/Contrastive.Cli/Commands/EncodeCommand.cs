using System.CommandLine;
using Contrastive.Core;
using Contrastive.Core.Serialization;
using Contrastive.Text.Data;
using Contrastive.Text.Inference;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary><c>contrastive encode</c>: embeddings of a file of sentences, as safetensors or .npy.</summary>
public static class EncodeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder.", Required = true };
        var input = new Option<string>("--input") { Description = "Text file, one sentence per line.", Required = true };
        var output = new Option<string>("--output") { Description = "Output file: .safetensors (tensor 'embeddings') or .npy.", Required = true };
        var batchSize = new Option<int>("--batch-size") { Description = "Sentences per batch.", DefaultValueFactory = _ => 64 };
        var noNormalize = new Option<bool>("--no-normalize") { Description = "Keep raw embeddings instead of unit-length ones." };
        var pooler = new Option<string?>("--pooler") { Description = "Override the model's pooler." };

        var encode = new Command("encode", "Encode sentences into embeddings.") { model, input, output, batchSize, noNormalize, pooler };
        encode.SetAction(p =>
        {
            var outPath = p.GetValue(output)!;
            var ext = Path.GetExtension(outPath).ToLowerInvariant();
            if (ext is not (".safetensors" or ".npy"))
                throw new ContrastiveException($"{outPath}: the output must end in .safetensors or .npy.");
            var sentences = SentenceCorpus.ReadLines(p.GetValue(input)!);
            var encoder = SentenceEncoderFolder.Load(p.GetValue(model)!, p.GetValue(pooler));
            var embeddings = AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask("encoding", maxValue: sentences.Count);
                return encoder.Encode(sentences, p.GetValue(batchSize), normalize: !p.GetValue(noNormalize), progress: n => task.Value = n);
            });
            if (ext == ".npy") NpyFile.Save(outPath, embeddings);
            else SafeTensors.Save(outPath, [KeyValuePair.Create("embeddings", embeddings)]);
            Console.WriteLine($"wrote {embeddings.shape[0]} x {embeddings.shape[1]} embeddings to {outPath}");
            return 0;
        });
        return encode;
    }
}
