using System.Text.Json;
using Contrastive.Core.Serialization;
using Contrastive.Text.Evaluation;
using Contrastive.Text.Inference;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Models;

/// <summary>
/// The imported all-MiniLM-L6-v2 against Hugging Face's own stack: Fixtures/minilm-parity.{json,safetensors} hold the
/// token ids and mean-pooled, normalised embeddings that transformers.js 4.3.1 computes on the package's model.onnx
/// for 300 sentences (270 STS-B test sentences, then accents, CJK, emoji, control characters, tabs and inputs longer
/// than 256 tokens); scripts/fixtures/minilm-parity.sh regenerates them.
/// </summary>
public class MiniLmParityTests(ImportedMiniLm minilm, ITestOutputHelper output) : IClassFixture<ImportedMiniLm>
{
    static readonly string FixtureDir = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    sealed record Fixture(string[] Sentences, int[][] Ids);

    static Fixture Load() =>
        JsonSerializer.Deserialize<Fixture>(File.ReadAllText(Path.Combine(FixtureDir, "minilm-parity.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    [Fact]
    public void Tokenizer_SameIdsAsHuggingFaceTokenizer()
    {
        var fixture = Load();
        var tokenizer = SentenceEncoderFolder.Load(minilm.Folder).Tokenizer;
        Assert.Equal(300, fixture.Sentences.Length);
        for (int i = 0; i < fixture.Sentences.Length; i++)
            Assert.True(fixture.Ids[i].SequenceEqual(tokenizer.Encode(fixture.Sentences[i], 256)),
                $"sentence {i} {JsonSerializer.Serialize(fixture.Sentences[i])}: expected [{string.Join(", ", fixture.Ids[i])}], got [{string.Join(", ", tokenizer.Encode(fixture.Sentences[i], 256))}]");
    }

    [Fact]
    public void Encode_EmbeddingsWithin1e5OfTransformersJs()
    {
        using var scope = NewDisposeScope();
        var fixture = Load();
        var expected = SafeTensors.Load(Path.Combine(FixtureDir, "minilm-parity.safetensors"))["embeddings"];   // (300, 384)
        var encoder = SentenceEncoderFolder.Load(minilm.Folder);

        var actual = encoder.Encode(fixture.Sentences, batchSize: 32);   // the pipeline normalises

        Assert.Equal(expected.shape, actual.shape);
        var diff = (actual - expected).abs().max().item<float>();
        output.WriteLine($"max |ours - transformers.js| over {fixture.Sentences.Length} x {actual.shape[1]} = {diff:E2}");
        Assert.True(diff < 1e-5, $"max |ours - transformers.js| = {diff:E2}");
    }

    [SkippableFact]
    public void StsBenchmarkTest_MeanPooling_Is82_03()
    {
        var suite = StsSuite.Load(SharedData.Require("sts/sts-test.csv"));
        var encoder = SentenceEncoderFolder.Load(minilm.Folder);

        var result = StsEvaluator.Evaluate(suite, s => encoder.Encode(s, 64), 64);

        var spearman = result.Find(StsSuite.StsBenchmark)!.Spearman;
        output.WriteLine($"STS-B test Spearman x100 = {spearman:F4}");
        Assert.True(Math.Abs(spearman - 82.03) <= 0.01, $"STS-B test Spearman x100 = {spearman:F4}, expected 82.03 +- 0.01");
    }
}
