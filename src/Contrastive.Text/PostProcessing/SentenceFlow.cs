using Contrastive.Core;
using Contrastive.Core.Flows;
using Contrastive.Core.Training;
using Contrastive.Text.Inference;
using static TorchSharp.torch;

namespace Contrastive.Text.PostProcessing;

/// <summary>
/// BERT-flow as a post-processing step of a sentence-encoder folder (Li et al. 2020, arXiv:2011.05864): a
/// <see cref="GlowFlow"/> fitted on the encoder's embeddings of a corpus, stored next to the model as
/// <c>flow.safetensors</c> + <c>flow_config.json</c> (its own files, like whitening's), and applied to every pooled
/// embedding after encoding. Kept apart from the folder's loader on purpose: <see cref="TryLoad"/> and
/// <see cref="Encode"/> are all a pipeline needs to run the step.
/// </summary>
public static class SentenceFlow
{
    /// <summary>The flow stored in <paramref name="directory"/>, or null when there is none.</summary>
    public static GlowFlow? TryLoad(string directory) =>
        Directory.Exists(directory) && GlowFlow.Exists(directory) ? GlowFlow.Load(directory) : null;

    /// <summary>The encoder's embeddings (N, H), passed through <paramref name="flow"/> when it is not null: (N, H) float32.</summary>
    public static Tensor Encode(SentenceEncoder encoder, GlowFlow? flow, IReadOnlyList<string> sentences, int batchSize = 64, Action<int>? progress = null)
    {
        var embeddings = encoder.Encode(sentences, batchSize, progress: progress);
        if (flow is null) return embeddings;
        using (embeddings) return flow.Transform(embeddings);
    }

    /// <summary>
    /// Fits a flow on <paramref name="embeddings"/> (N, H) by maximum likelihood with the shared trainer (run folder
    /// <paramref name="runDir"/>: checkpoints and log), after actnorm's data-dependent initialisation on them.
    /// </summary>
    public static (GlowFlow Flow, TrainingResult Result) Fit(Tensor embeddings, GlowFlowOptions options, TrainingOptions training,
                                                            ITrainingObserver? observer = null)
    {
        if (embeddings.shape[0] < 2) throw new ContrastiveException($"BERT-flow needs at least 2 sentences to fit on, got {embeddings.shape[0]}.");
        using var generator = new Generator((ulong)training.Seed);
        var flow = new GlowFlow(options with { Dim = (int)embeddings.shape[1] }, generator);
        flow.Initialize(embeddings);
        var result = new Trainer<Tensor>(new FlowFitting(flow), new EmbeddingRows(embeddings), training, null, observer).Run();
        flow.eval();
        return (flow, result);
    }
}
