using Contrastive.Core;

namespace Contrastive.Embeddings.Backends;

/// <summary>Which engine runs a sentence encoder at inference (training always runs on TorchSharp).</summary>
public enum InferenceBackend
{
    /// <summary>TorchSharp (LibTorch) on the folder's safetensors weights, float32 or bfloat16. The default.</summary>
    Torch,
    /// <summary>ONNX Runtime on the folder's exported graph <c>onnx/model.onnx</c> (<c>contrastive model export-onnx</c>).</summary>
    Onnx,
}

/// <summary>Names of <see cref="InferenceBackend"/> on the command line: "torch", "onnx".</summary>
public static class InferenceBackendNames
{
    public static InferenceBackend Parse(string name) => name.ToLowerInvariant() switch
    {
        "torch" or "torchsharp" => InferenceBackend.Torch,
        "onnx" or "onnxruntime" => InferenceBackend.Onnx,
        _ => throw new ContrastiveException($"--backend must be torch or onnx, not '{name}'."),
    };

    public static string ToName(this InferenceBackend backend) => backend == InferenceBackend.Onnx ? "onnx" : "torch";
}
