using Contrastive.Core;
using Contrastive.Core.Losses;
using Contrastive.Core.Training;
using Contrastive.Vision.Encoders;
using Contrastive.Vision.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Vision.Methods;

/// <summary>
/// SimCLR v2's third step for images (Chen et al. 2020b, arXiv:2006.10029, section 2, eq. 2): a trained, frozen
/// teacher distils into a student (same or another backbone) on unlabeled images. Both see the same augmented view x;
/// with the loss of <see cref="DistillationLossKind"/> shared with the text student:
/// <code>
/// kl-predictions: s = classifier_S(f_S(x)) (B, C),  t = classifier_T(f_T(x)) (B, C),  L = KL(softmax(t/τ) ‖ softmax(s/τ))
/// mse:            s = f_S(x) (B, D),  t = f_T(x) (B, D, same width),  L = mean (s − t)²
/// kl-similarity:  s = f_S(x) (B, D_s),  t = f_T(x) (B, D_t),  L = KL of the in-batch cosine-similarity softmaxes
/// </code>
/// f_T is the teacher encoder as its folder keeps it (e.g. backbone + first head layer for SimCLR v2). The teacher is
/// held outside <see cref="Model"/> (never optimised, checkpointed or switched to training mode; its BatchNorm uses its
/// running statistics) and runs under no_grad. The model trained and saved is the student's <see cref="VisionNetwork"/>
/// (<c>backbone</c>, and a <c>classifier</c> for kl-predictions).
/// </summary>
public sealed class ImageDistillation : ITrainingMethod<ImageBatch>
{
    readonly ImageEncoder _teacher;
    readonly Linear? _teacherClassifier;
    readonly nn.Module<Tensor, Tensor, Tensor> _loss;

    /// <param name="teacher">The frozen teacher encoder (put in eval mode here).</param>
    /// <param name="teacherClassifier">The teacher's classifier on <paramref name="teacher"/>'s features; required by
    /// kl-predictions, ignored otherwise.</param>
    /// <param name="student">The student's backbone (trained).</param>
    /// <param name="temperature">τ of the KL losses.</param>
    public ImageDistillation(ImageEncoder teacher, Linear? teacherClassifier, ImageEncoder student, DistillationLossKind loss,
                             double temperature, int imageSize, Generator generator)
    {
        (_teacher, Loss, ImageSize) = (teacher, loss, imageSize);
        Linear? studentClassifier = null;
        if (loss.ComparesPredictions())
        {
            _teacherClassifier = teacherClassifier ?? throw new ContrastiveException(
                $"--loss {loss.ToName()} needs a teacher with a classifier (a model from 'vision finetune' or 'vision train --method supervised').");
            studentClassifier = nn.Linear(student.FeatureDim, _teacherClassifier.weight!.shape[0]);
            VisionInit.Apply(studentClassifier, generator);
            Freeze(_teacherClassifier);
        }
        else if (loss == DistillationLossKind.Mse && student.FeatureDim != teacher.FeatureDim)
        {
            throw new ContrastiveException(
                $"--loss mse needs the student's features ({student.FeatureDim}-d) as wide as the teacher's ({teacher.FeatureDim}-d); " +
                "choose the student's --width accordingly or use --loss kl-similarity.");
        }
        Freeze(_teacher);
        Network = new VisionNetwork(student, null, classifier: studentClassifier);
        _loss = loss.Create(temperature);
    }

    public DistillationLossKind Loss { get; }
    public int ImageSize { get; }

    /// <summary>The student: <c>backbone</c>, plus <c>classifier</c> for kl-predictions.</summary>
    public VisionNetwork Network { get; }

    public nn.Module Model => Network;

    public Tensor ComputeLoss(ImageBatch batch)
    {
        var x = batch.Views[0];
        return _loss.forward(StudentOutputs(x), TeacherOutputs(x));
    }

    /// <summary>What the loss compares for the teacher: logits (B, C) or features (B, D_t), under no_grad.</summary>
    public Tensor TeacherOutputs(Tensor images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var h = _teacher.forward(images);
        return (_teacherClassifier is not null && Loss.ComparesPredictions() ? _teacherClassifier.forward(h) : h).detach().MoveToOuterDisposeScope();
    }

    /// <summary>What the loss compares for the student: logits (B, C) or features (B, D_s).</summary>
    public Tensor StudentOutputs(Tensor images)
    {
        using var scope = NewDisposeScope();
        var h = Network.Backbone.forward(images);
        return (Network.Classifier is { } c ? c.forward(h) : h).MoveToOuterDisposeScope();
    }

    /// <summary>The distillation loss of a batch of outputs (for the monitor).</summary>
    public Tensor LossOf(Tensor student, Tensor teacher) => _loss.forward(student, teacher);

    public void SaveModel(string directory) =>
        VisionModelFolder.Save(directory, Network.Backbone, "distill", ImageSize, classifier: Network.Classifier);

    static void Freeze(nn.Module module)
    {
        foreach (var p in module.parameters()) p.requires_grad = false;
        module.eval();
    }
}
