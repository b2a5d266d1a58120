using Contrastive.Core;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Backends;

/// <summary>Opens a model folder's sentence encoder on the chosen <see cref="InferenceBackend"/>.</summary>
public static class SentenceEncoderLoader
{
    /// <param name="pooler">Overrides the folder's pooler (TorchSharp only: an exported graph's pooling is fixed).</param>
    /// <param name="maxSeqLength">Overrides the folder's maximum length.</param>
    /// <param name="dtype">TorchSharp inference type, float32 (default) or bfloat16; the ONNX backend takes float32 only.</param>
    /// <returns>The encoder, wrapped in a <see cref="FlowedSentenceEncoder"/> when the folder holds a fitted BERT-flow.</returns>
    /// <exception cref="ContrastiveException">A missing or invalid folder; for ONNX, no graph, a corrupt graph or one
    /// that does not match the folder's config; bfloat16 asked of ONNX.</exception>
    public static ISentenceEncoder Load(string directory, InferenceBackend backend = InferenceBackend.Torch, PoolerType? pooler = null,
                                        int? maxSeqLength = null, ScalarType? dtype = null)
    {
        ISentenceEncoder encoder;
        if (backend == InferenceBackend.Onnx)
        {
            if (dtype is { } t && t != ScalarType.Float32)
                throw new ContrastiveException("--dtype bf16 applies to --backend torch; for a faster ONNX graph export it with --quantize int8.");
            encoder = OnnxRuntimeSentenceEncoder.Load(Text.Models.ModelLocator.Resolve(directory), pooler, maxSeqLength);
        }
        else encoder = new TorchSharpSentenceEncoder(SentenceEncoderFolder.Load(directory, pooler, maxSeqLength).WithDtype(dtype ?? ScalarType.Float32));
        // BERT-flow post-processing fitted into the folder (`contrastive flow fit`) runs after either backend.
        var flow = Text.PostProcessing.SentenceFlow.TryLoad(directory);
        return flow is null ? encoder : new FlowedSentenceEncoder(encoder, flow);
    }
}
