using Contrastive.Core;

namespace Contrastive.Embeddings.Onnx;

/// <summary>Options of <see cref="BertOnnxExporter"/>.</summary>
/// <param name="Opset">ONNX opset of the default domain, 17 (the first with LayerNormalization) to 21.</param>
/// <param name="Quantization">float32, or int8 weights with dynamic activation quantisation.</param>
/// <param name="KeepFloat">With int8: the Transformer Linear layers kept in float32, by the end of their Hugging Face
/// name within a layer (e.g. "attention.output.dense", "output.dense" (also matches the former), "intermediate.dense",
/// "attention.self.query"); null or empty quantises all six.</param>
public sealed record OnnxExportOptions(int Opset = OnnxExportOptions.DefaultOpset, OnnxQuantization Quantization = OnnxQuantization.None,
                                       IReadOnlyList<string>? KeepFloat = null)
{
    public const int DefaultOpset = 17;
    public const int MinOpset = 17;
    public const int MaxOpset = 21;

    public OnnxExportOptions Validate()
    {
        if (Opset is < MinOpset or > MaxOpset)
            throw new ContrastiveException($"--opset {Opset} is not supported; use {MinOpset} to {MaxOpset} (LayerNormalization needs 17).");
        if (!Enum.IsDefined(Quantization))
            throw new ContrastiveException($"Unknown ONNX quantization {Quantization}.");
        return this;
    }

    /// <summary>Parses "none"/"fp32" or "int8".</summary>
    public static OnnxQuantization ParseQuantization(string name) => name.ToLowerInvariant() switch
    {
        "none" or "fp32" or "float32" => OnnxQuantization.None,
        "int8" => OnnxQuantization.Int8,
        _ => throw new ContrastiveException($"--quantize must be none or int8, not '{name}'."),
    };
}
