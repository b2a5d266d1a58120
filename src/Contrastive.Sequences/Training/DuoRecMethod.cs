using Contrastive.Core.Losses;
using Contrastive.Core.Training;
using Contrastive.Sequences.Data;
using Contrastive.Sequences.Model;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Training;

/// <summary>
/// DuoRec (Qiu et al. WSDM 2022): the SASRec next-item loss plus contrastive terms on the sequence representations
/// (last-position outputs), <c>L = L_next + lambda * L(h, h') + lambda_sem * L(., h_s)</c> as chosen by
/// <see cref="DuoRecOptions.Contrast"/> (default <c>us_x</c>: <c>L_next + lambda_sem * L(h', h_s)</c>). h comes from
/// the next-item pass; h' is a second pass over the same input (model-level augmentation: only the dropout masks
/// differ); h_s is the pass over the supervised positive (<see cref="SupervisedPositiveSampler"/>). L is DuoRec's
/// <c>info_nce</c>: NT-Xent over the 2B representations with dot-product similarity / tau (the core's
/// <see cref="NtXentLoss"/>), each row's positive its pair and the 2B - 2 others its negatives.
/// </summary>
public sealed class DuoRecMethod : ITrainingMethod<SequenceBatch>
{
    readonly SasRec _model;
    readonly ItemVocabulary _items;
    readonly NtXentLoss _contrastive;

    public DuoRecOptions Options { get; }

    public DuoRecMethod(SasRec model, ItemVocabulary items, DuoRecOptions options)
    {
        (_model, _items, Options) = (model, items, options.Validate());
        _contrastive = new NtXentLoss(options.Temperature, options.Similarity);
    }

    public nn.Module Model => _model;

    public Tensor ComputeLoss(SequenceBatch batch)
    {
        if (batch.InputLengths is null) throw new ArgumentException("DuoRec needs the input lengths.", nameof(batch));
        if (Options.NeedsSupervisedPositives && (batch.View1 is null || batch.View1Lengths is null))
            throw new ArgumentException("DuoRec needs batches with supervised positives (View1).", nameof(batch));
        using var scope = NewDisposeScope();
        var hidden = _model.forward(batch.Input);                                         // (B, T, H)
        var loss = NextItemLoss.FromHidden(_model, hidden, batch.Targets);
        var h = SasRec.LastPositions(hidden, batch.InputLengths);                         // (B, H)
        Tensor Dropout() => _model.Represent(batch.Input, batch.InputLengths);            // (B, H), fresh dropout
        Tensor Supervised() => _model.Represent(batch.View1!, batch.View1Lengths!);       // (B, H)
        var o = Options;
        loss = o.Contrast switch
        {
            DuoRecContrast.UsX => loss + o.LambdaSupervised * _contrastive.forward(Dropout(), Supervised()),
            DuoRecContrast.Us => loss + o.Lambda * _contrastive.forward(h, Dropout()) + o.LambdaSupervised * _contrastive.forward(h, Supervised()),
            DuoRecContrast.Un => loss + o.Lambda * _contrastive.forward(h, Dropout()),
            DuoRecContrast.Su => loss + o.LambdaSupervised * _contrastive.forward(h, Supervised()),
            _ => throw new InvalidOperationException($"Unknown contrast {o.Contrast}."),
        };
        return loss.MoveToOuterDisposeScope();
    }

    public void SaveModel(string directory) => SasRecFolder.Save(directory, _model, _items);
}
