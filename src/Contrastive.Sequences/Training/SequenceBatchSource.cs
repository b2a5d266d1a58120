using Contrastive.Core.Training;
using Contrastive.Sequences.Augmentation;
using Contrastive.Sequences.Model;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Training;

/// <summary>
/// The training examples: one per user whose training sequence has at least 2 items, taken as its last
/// <c>maxLength + 1</c> items s, with input s[..^1] and targets s[1..] (SASRec's all-position training). This
/// covers exactly RecBole's prefix examples (each prefix of at most maxLength items predicting its next item), one
/// causal pass per user instead of one per prefix.
/// <para>With an augmentation (CL4SRec, CoSeRec), each input also gets two views, each from one randomly chosen
/// augmentation; with supervised positives (DuoRec), each input gets in <c>View1</c> another training history with the
/// same next item (<see cref="SupervisedPositiveSampler"/>). Both draw from a <see cref="Random"/> seeded by the global
/// torch generator (checkpointed by the trainer, so a resumed run draws the same views).</para>
/// </summary>
public sealed class SequenceBatchSource : IBatchSource<SequenceBatch>
{
    readonly int[][] _examples;
    readonly int _maxLength;
    readonly ISequenceAugmentation? _augmentation;
    readonly SupervisedPositiveSampler? _positives;

    /// <param name="trainSequences">Training sequences (item ids 1..N), e.g. <c>LeaveOneOutSplit.Train</c>.</param>
    /// <param name="maxLength">The model's maximum sequence length.</param>
    /// <param name="augmentation">CL4SRec's or CoSeRec's view generator, or null.</param>
    /// <param name="supervisedPositives">Add DuoRec's supervised positives (sampled from the whole training
    /// sequences).</param>
    public SequenceBatchSource(IEnumerable<int[]> trainSequences, int maxLength, ISequenceAugmentation? augmentation = null,
                               bool supervisedPositives = false)
    {
        if (maxLength < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "The maximum length must be at least 1.");
        if (augmentation is not null && supervisedPositives)
            throw new ArgumentException("A batch carries either augmented views or supervised positives, not both.", nameof(supervisedPositives));
        _maxLength = maxLength;
        _augmentation = augmentation;
        var usable = trainSequences.Where(s => s.Length >= 2).ToArray();
        _examples = usable.Select(s => s.Length > maxLength + 1 ? s[^(maxLength + 1)..] : s).ToArray();
        if (supervisedPositives) _positives = new SupervisedPositiveSampler(usable, maxLength);
    }

    public int Count => _examples.Length;

    /// <summary>Next-item targets in one epoch (the number of non-padded positions).</summary>
    public long TargetCount => _examples.Sum(e => (long)e.Length - 1);

    public SequenceBatch GetBatch(IReadOnlyList<int> indices)
    {
        var inputs = indices.Select(i => (IReadOnlyList<int>)_examples[i][..^1]).ToArray();
        var targets = indices.Select(i => (IReadOnlyList<int>)_examples[i][1..]).ToArray();
        var (input, lengths) = PaddedSequences.Create(inputs, _maxLength);   // (B, T), (B)
        var (target, _) = PaddedSequences.Create(targets, _maxLength);      // (B, T), 0 after each row's end
        if (_augmentation is null && _positives is null) return new SequenceBatch(input, target, InputLengths: lengths);

        var random = new Random((int)randint(int.MaxValue, [1], dtype: ScalarType.Int64).item<long>());
        if (_positives is not null)
        {
            var positives = indices.Select(i => (IReadOnlyList<int>)_positives.Sample(i, random)).ToArray();
            var (p, pl) = PaddedSequences.Create(positives, _maxLength);
            return new SequenceBatch(input, target, p, pl, InputLengths: lengths);
        }
        var views1 = inputs.Select(s => (IReadOnlyList<int>)_augmentation!.Apply(s, random)).ToArray();
        var views2 = inputs.Select(s => (IReadOnlyList<int>)_augmentation!.Apply(s, random)).ToArray();
        var (v1, l1) = PaddedSequences.Create(views1, _maxLength);
        var (v2, l2) = PaddedSequences.Create(views2, _maxLength);
        return new SequenceBatch(input, target, v1, l1, v2, l2, lengths);
    }
}
