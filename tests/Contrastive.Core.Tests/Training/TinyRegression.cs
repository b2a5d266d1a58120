using Contrastive.Core.Serialization;
using Contrastive.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Training;

/// <summary>The test training method: MSE of <see cref="TinyMlp"/>, with optional faults injected at a given call.</summary>
public sealed class TinyRegression(ulong seed = 1) : ITrainingMethod<TinyBatch>
{
    public TinyMlp Net { get; } = new(seed);
    public nn.Module Model => Net;

    /// <summary>Calls of <see cref="ComputeLoss"/> so far.</summary>
    public int Calls { get; private set; }

    /// <summary>The loss of this call (1-based) is NaN.</summary>
    public int? NanLossAtCall { get; init; }

    /// <summary>The loss of this call is finite but its gradient is NaN (d sqrt(0·w)/dw = 0·∞).</summary>
    public int? NanGradientAtCall { get; init; }

    /// <summary>Every <see cref="SaveModel"/>: the folder's name (the temporary sibling, e.g. "best.tmp") and <see cref="Calls"/> then.</summary>
    public List<(string Folder, int Calls)> Saves { get; } = [];

    public Tensor ComputeLoss(TinyBatch batch)
    {
        Calls++;
        var loss = nn.functional.mse_loss(Net.forward(batch.X), batch.Y);
        if (Calls == NanLossAtCall) loss = loss * double.NaN;
        if (Calls == NanGradientAtCall) loss = loss + (Net.parameters().First() * 0).sqrt().sum();
        return loss;
    }

    /// <summary>Every <see cref="OnStepEnd"/> call: (step, total steps, calls of <see cref="ComputeLoss"/> then).</summary>
    public List<(int Step, int Total, int Calls)> StepEnds { get; } = [];

    public void OnStepEnd(int step, int totalSteps) => StepEnds.Add((step, totalSteps, Calls));

    public void SaveModel(string directory)
    {
        Saves.Add((Path.GetFileName(directory), Calls));
        SafeTensors.Save(Path.Combine(directory, "model.safetensors"), Net.state_dict());
    }
}
