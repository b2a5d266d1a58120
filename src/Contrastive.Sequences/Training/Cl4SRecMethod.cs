using Contrastive.Core.Losses;
using Contrastive.Core.Training;
using Contrastive.Sequences.Data;
using Contrastive.Sequences.Model;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Training;

/// <summary>
/// CL4SRec (Xie et al. ICDE 2022): the SASRec next-item loss plus <c>lambda</c> times NT-Xent between the sequence
/// representations (last-position outputs) of two augmented views of each sequence, <c>L = L_next + lambda * L_cl</c>;
/// each of the 2B views has its other view as positive and the 2B - 2 other views as negatives (the core's
/// <see cref="NtXentLoss"/>). CoSeRec (Liu et al. 2021) is the same objective over its own views (robust
/// augmentations) with the dot-product NT-Xent of its code (<see cref="CoSeRecOptions"/>).
/// </summary>
public sealed class Cl4SRecMethod : ITrainingMethod<SequenceBatch>
{
    readonly SasRec _model;
    readonly ItemVocabulary _items;
    readonly NtXentLoss _contrastive;

    /// <summary>The weight lambda of the contrastive term.</summary>
    public double Lambda { get; }

    public Cl4SRecMethod(SasRec model, ItemVocabulary items, Cl4SRecOptions options)
        : this(model, items, options.Validate().Lambda, new NtXentLoss(options.Temperature)) { }

    /// <summary>CoSeRec: its weight, temperature and similarity.</summary>
    public Cl4SRecMethod(SasRec model, ItemVocabulary items, CoSeRecOptions options)
        : this(model, items, options.Validate().Lambda, new NtXentLoss(options.Temperature, options.Similarity)) { }

    Cl4SRecMethod(SasRec model, ItemVocabulary items, double lambda, NtXentLoss contrastive) =>
        (_model, _items, Lambda, _contrastive) = (model, items, lambda, contrastive);

    public nn.Module Model => _model;

    public Tensor ComputeLoss(SequenceBatch batch)
    {
        if (batch.View1 is null || batch.View1Lengths is null || batch.View2 is null || batch.View2Lengths is null)
            throw new ArgumentException("CL4SRec needs batches with two augmented views.", nameof(batch));
        using var scope = NewDisposeScope();
        var next = NextItemLoss.Compute(_model, batch.Input, batch.Targets);
        var z1 = _model.Represent(batch.View1, batch.View1Lengths);     // (B, H)
        var z2 = _model.Represent(batch.View2, batch.View2Lengths);     // (B, H)
        return (next + Lambda * _contrastive.forward(z1, z2)).MoveToOuterDisposeScope();
    }

    public void SaveModel(string directory) => SasRecFolder.Save(directory, _model, _items);
}
