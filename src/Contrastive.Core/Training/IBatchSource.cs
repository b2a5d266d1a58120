namespace Contrastive.Core.Training;

/// <summary>
/// A data set the trainer indexes. The trainer owns the order (a seeded permutation per epoch) and the position,
/// so a source keeps no iteration state and resuming needs nothing from it.
/// </summary>
public interface IBatchSource<TBatch>
{
    /// <summary>Number of examples.</summary>
    int Count { get; }

    /// <summary>The batch of the examples at <paramref name="indices"/> (each in [0, Count)), in that order.
    /// Called inside the step's dispose scope: tensors created here are freed after the step.</summary>
    TBatch GetBatch(IReadOnlyList<int> indices);
}
