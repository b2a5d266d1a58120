using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Training;

/// <summary>
/// What a training method (SimCSE, MLM pre-training, ...) gives the <see cref="Trainer{TBatch}"/>: the model to
/// optimise, the loss of one batch, and how to write the usable model folder.
/// </summary>
public interface ITrainingMethod<TBatch>
{
    /// <summary>The parameters optimised and checkpointed; its state_dict keys are the PyTorch / Hugging Face names.</summary>
    nn.Module Model { get; }

    /// <summary>The scalar loss of one batch. Called in train mode inside the step's dispose scope.</summary>
    Tensor ComputeLoss(TBatch batch);

    /// <summary>Writes the usable model folder (e.g. a Hugging Face folder) into an existing empty <paramref name="directory"/>.</summary>
    void SaveModel(string directory);

    /// <summary>
    /// Called after each optimizer step (1-based <paramref name="step"/> of <paramref name="totalSteps"/>), inside the
    /// step's dispose scope and in train mode: momentum-encoder / EMA-target updates and queue updates go here.
    /// State that must survive a resume belongs in the <see cref="Model"/>'s state dict (registered buffers, or
    /// submodules whose parameters have <c>requires_grad = false</c>). Default: nothing.
    /// </summary>
    void OnStepEnd(int step, int totalSteps) { }
}
