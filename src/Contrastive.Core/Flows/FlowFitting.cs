using Contrastive.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Flows;

/// <summary>
/// Fitting a <see cref="GlowFlow"/> by maximum likelihood as a training method of the one <see cref="Trainer{TBatch}"/>:
/// a batch is a set of rows of the (frozen) embeddings, the loss is <see cref="GlowFlow.NegativeLogLikelihoodPerDim"/>,
/// and the usable model is the flow (<see cref="GlowFlow.Save"/>).
/// </summary>
public sealed class FlowFitting : ITrainingMethod<Tensor>
{
    public FlowFitting(GlowFlow flow) => Flow = flow ?? throw new ArgumentNullException(nameof(flow));

    public GlowFlow Flow { get; }

    public nn.Module Model => Flow;

    public Tensor ComputeLoss(Tensor batch) => Flow.NegativeLogLikelihoodPerDim(batch);

    public void SaveModel(string directory) => Flow.Save(directory);
}
