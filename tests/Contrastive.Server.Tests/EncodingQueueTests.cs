using Contrastive.Embeddings;
using Contrastive.Embeddings.Backends;

namespace Contrastive.Server.Tests;

public sealed class EncodingQueueTests
{
    [Fact]
    public async Task EncodeAsync_ManyConcurrentCallers_EachGetsItsOwnRowsAndTokenCounts()
    {
        var reference = TinyBert.SceneEncoder();
        var expected = ServerFixture.Rows(reference.Encode(TinyCorpus.Scenes));
        using var queue = new EncodingQueue(new TorchSharpSentenceEncoder(TinyBert.SceneEncoder()), maxSentencesPerPass: 8, encoderBatchSize: 3);

        var calls = Enumerable.Range(0, 40).Select(i =>
        {
            int[] rows = [i % TinyCorpus.Scenes.Length, (i * 7 + 3) % TinyCorpus.Scenes.Length];
            return (Rows: rows, Task: Task.Run(() => queue.EncodeAsync(rows.Select(r => TinyCorpus.Scenes[r]).ToArray())));
        }).ToArray();
        await Task.WhenAll(calls.Select(c => c.Task));

        foreach (var (rows, task) in calls)
        {
            var result = await task;
            for (int j = 0; j < rows.Length; j++)
            {
                ServerFixture.AssertClose(expected[rows[j]], result.Vectors[j], 1e-4);
                Assert.Equal(reference.Tokenizer.Encode(TinyCorpus.Scenes[rows[j]], reference.MaxSeqLength).Count, result.TokenCounts[j]);
            }
        }
        Assert.Equal(40, queue.Requests);
        Assert.Equal(80, queue.Texts);
        Assert.InRange(queue.Groups, 1, 40);
        Assert.InRange(queue.ForwardPasses, queue.Groups, 80);
    }

    [Fact]
    public async Task EncodeAsync_EncoderThrows_FaultsThatCallAndKeepsServing()
    {
        using var queue = new EncodingQueue(new TorchSharpSentenceEncoder(TinyBert.SceneEncoder()), 8, 8);

        await Assert.ThrowsAsync<ArgumentNullException>(() => queue.EncodeAsync([null!]));
        var after = await queue.EncodeAsync(["A cat runs fast."]);

        Assert.Single(after.Vectors);
        Assert.Equal(TinyBert.Scenes.Config.HiddenSize, after.Vectors[0].Length);
    }

    [Fact]
    public async Task EncodeAsync_NoTexts_ReturnsEmptyWithoutAPass()
    {
        using var queue = new EncodingQueue(new TorchSharpSentenceEncoder(TinyBert.SceneEncoder()), 8, 8);

        var result = await queue.EncodeAsync([]);

        Assert.Empty(result.Vectors);
        Assert.Equal(0, queue.Groups);
    }

    [Fact]
    public async Task EncodeAsync_TextsOfVeryDifferentLengths_AreEncodedInSeparatePassesWithTheSameResults()
    {
        string[] texts =
        [
            "A cat.", "A man plays the guitar in the park and a woman plays the piano on the mat.", "A dog.",
            "The bird sits on a guitar.",
        ];
        var expected = texts.Select(t => ServerFixture.Rows(TinyBert.SceneEncoder().Encode([t]))[0]).ToArray();   // one at a time
        using var queue = new EncodingQueue(new TorchSharpSentenceEncoder(TinyBert.SceneEncoder()), 8, 8);

        var result = await queue.EncodeAsync(texts);

        Assert.Equal(1, queue.Groups);
        Assert.Equal(3, queue.ForwardPasses);            // {A cat., A dog.} (5 tokens each), 9 tokens, 20 tokens
        for (int i = 0; i < texts.Length; i++) ServerFixture.AssertClose(expected[i], result.Vectors[i], 1e-4);
    }
}
