using System.CommandLine;
using Contrastive.Embeddings.Onnx;
using Contrastive.Text.Inference;
using Contrastive.Text.Models;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive model export-onnx</c>: writes a model folder's sentence encoder (BERT, pooling, Dense layers such as
/// BERT's pooler or a whitening, optional normalisation) as one ONNX graph that ONNX Runtime runs
/// (<see cref="BertOnnxExporter"/>), by default to <c>MODEL/onnx/model.onnx</c>, where <c>--backend onnx</c> finds it.
/// </summary>
public static class ExportOnnxCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder or built-in model name (all-MiniLM-L6-v2, arctic-embed-xs).", Required = true };
        var output = new Option<string?>("--out") { Description = $"The .onnx file to write (default MODEL/{BertOnnxExporter.RelativePath})." };
        var opset = new Option<int>("--opset")
        {
            Description = $"ONNX opset, {OnnxExportOptions.MinOpset} to {OnnxExportOptions.MaxOpset}.",
            DefaultValueFactory = _ => OnnxExportOptions.DefaultOpset,
        };
        var quantize = new Option<string>("--quantize")
        {
            Description = "none (float32) or int8 (int8 weights per output channel, activations quantised at run time).",
            DefaultValueFactory = _ => "none",
        };
        var normalize = new Option<bool>("--normalize") { Description = "End the graph with unit-length normalisation of sentence_embedding." };

        var export = new Command("export-onnx", "Export the sentence encoder as an ONNX graph (inputs input_ids, attention_mask, token_type_ids; outputs last_hidden_state, sentence_embedding).")
        {
            model, output, opset, quantize, normalize,
        };
        export.SetAction(p =>
        {
            var options = new OnnxExportOptions(p.GetValue(opset), OnnxExportOptions.ParseQuantization(p.GetValue(quantize)!)).Validate();
            if (p.GetValue(output) is { } outPath) OutputPath.File(outPath, "--out");
            var dir = ModelLocator.Resolve(p.GetValue(model)!);
            var path = p.GetValue(output) ?? OutputPath.File(Path.Combine(dir, BertOnnxExporter.RelativePath), "the default --out");
            var encoder = SentenceEncoderFolder.Load(dir);
            BertOnnxExporter.Export(OnnxEncoderParts.From(encoder, p.GetValue(normalize)), path, options);
            Console.WriteLine($"wrote {path} ({new FileInfo(path).Length / 1e6:F1} MB, opset {options.Opset}, {options.Quantization.ToString().ToLowerInvariant()})");
            return 0;
        });
        return export;
    }
}
