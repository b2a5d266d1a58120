using static TorchSharp.torch;

namespace Contrastive.Cli.Tests;

public class EncodingSpeedTests
{
    [Fact]
    public void Best_TwoExtraRounds_ReplaysTheBatchesAndReportsTheFastestRound()
    {
        var calls = new List<int>();
        int round = 0;
        var speed = new EncodingSpeed(s =>
        {
            calls.Add(s.Count);
            Thread.Sleep(round == 0 ? 40 : 10);   // the replays are faster
            return zeros(s.Count, 2);
        });
        speed.Encode(["a", "b", "c"]).Dispose();
        speed.Encode(["d"]).Dispose();
        round = 1;

        double? best = speed.Best(2);

        Assert.Equal([3, 1, 3, 1, 3, 1], calls);
        Assert.NotNull(best);
        Assert.InRange(best!.Value, 4 / 0.2, 4 / 0.02);   // 4 sentences in about 20 ms (2 x 10 ms), not 80 ms
        Assert.True(best > 4 / 0.08, $"best {best} sentences/s is not the faster replay");
    }

    [Fact]
    public void Best_NothingEncoded_Null() => Assert.Null(new EncodingSpeed(s => zeros(s.Count, 2)).Best(3));
}
