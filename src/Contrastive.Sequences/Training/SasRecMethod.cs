using Contrastive.Core.Training;
using Contrastive.Sequences.Data;
using Contrastive.Sequences.Model;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Training;

/// <summary>SASRec trained with the full-softmax next-item loss (<see cref="NextItemLoss"/>).</summary>
public sealed class SasRecMethod : ITrainingMethod<SequenceBatch>
{
    readonly SasRec _model;
    readonly ItemVocabulary _items;

    public SasRecMethod(SasRec model, ItemVocabulary items) => (_model, _items) = (model, items);

    public nn.Module Model => _model;

    public Tensor ComputeLoss(SequenceBatch batch) => NextItemLoss.Compute(_model, batch.Input, batch.Targets);

    public void SaveModel(string directory) => SasRecFolder.Save(directory, _model, _items);
}
