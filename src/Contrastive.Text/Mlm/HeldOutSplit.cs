using Contrastive.Core;

namespace Contrastive.Text.Mlm;

/// <summary>
/// The deterministic split of a corpus into training sentences and held-out sentences for MLM evaluation: the held-out
/// sentences are the LAST N of the corpus (in file order, so the same files always give the same split), and every
/// training sentence whose text equals a held-out sentence is dropped, so no held-out sentence is ever trained on.
/// </summary>
/// <param name="Training">The sentences before the held-out ones, in order, without copies of held-out sentences.</param>
/// <param name="HeldOut">The last N sentences of the corpus, in order.</param>
/// <param name="DroppedDuplicates">Training sentences dropped because a held-out sentence has the same text.</param>
public sealed record HeldOutSplit(IReadOnlyList<string> Training, IReadOnlyList<string> HeldOut, int DroppedDuplicates)
{
    /// <summary>The default never holds out more than this many sentences (evaluation time grows with it).</summary>
    public const int MaxDefaultCount = 2000;

    /// <summary>The default held-out size for a corpus of <paramref name="total"/> sentences: 1% of it, at least 1
    /// and at most <see cref="MaxDefaultCount"/>; 0 for a corpus of fewer than 2 sentences.</summary>
    public static int DefaultCount(int total) => total < 2 ? 0 : Math.Clamp(total / 100, 1, MaxDefaultCount);

    /// <summary>Splits <paramref name="sentences"/>.</summary>
    /// <param name="count">Sentences held out; null for <see cref="DefaultCount"/>; 0 for none (no evaluation).</param>
    /// <exception cref="ContrastiveException">The count is negative or leaves no training sentence.</exception>
    public static HeldOutSplit Create(IReadOnlyList<string> sentences, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        int n = count ?? DefaultCount(sentences.Count);
        if (n < 0) throw new ContrastiveException($"The number of held-out sentences must be 0 or more, got {n}.");
        if (n >= sentences.Count)
            throw new ContrastiveException($"Holding out {n} of the {sentences.Count} corpus sentences leaves none for training.");
        int trainCount = sentences.Count - n;
        var heldOut = new string[n];
        for (int i = 0; i < n; i++) heldOut[i] = sentences[trainCount + i];
        var heldOutTexts = new HashSet<string>(heldOut, StringComparer.Ordinal);
        var training = new List<string>(trainCount);
        for (int i = 0; i < trainCount; i++)
            if (!heldOutTexts.Contains(sentences[i])) training.Add(sentences[i]);
        if (training.Count == 0)
            throw new ContrastiveException($"Every one of the {trainCount} training sentences also occurs among the {n} held-out sentences.");
        return new HeldOutSplit(training, heldOut, trainCount - training.Count);
    }
}
