using System.Diagnostics;
using static TorchSharp.torch;

namespace Contrastive.Cli;

/// <summary>
/// Times an encoding function: wraps it so that every call (a batch) is timed and remembered, and can replay the same
/// batches for more timed rounds. The rate is sentences per second of encoder time; the fastest round is reported
/// (on a shared machine it is the round least disturbed by other work).
/// </summary>
public sealed class EncodingSpeed(Func<IReadOnlyList<string>, Tensor> encode)
{
    readonly List<IReadOnlyList<string>> _batches = [];
    readonly Stopwatch _firstRound = new();

    /// <summary>Encodes one batch, timed as part of the first round.</summary>
    public Tensor Encode(IReadOnlyList<string> sentences)
    {
        _firstRound.Start();
        try { return encode(sentences); }
        finally
        {
            _firstRound.Stop();
            _batches.Add(sentences);
        }
    }

    /// <summary>The fastest rate in sentences/s over the first round and <paramref name="extraRounds"/> replays of its
    /// batches; null when nothing was encoded.</summary>
    public double? Best(int extraRounds)
    {
        long count = _batches.Sum(b => (long)b.Count);
        if (count == 0 || _firstRound.Elapsed <= TimeSpan.Zero) return null;
        var best = _firstRound.Elapsed;
        for (int i = 0; i < extraRounds; i++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var batch in _batches)
            {
                using var scope = NewDisposeScope();
                encode(batch);
            }
            if (clock.Elapsed < best) best = clock.Elapsed;
        }
        return count / best.TotalSeconds;
    }
}
