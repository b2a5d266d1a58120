using System.Text;
using Contrastive.Core;
using Contrastive.Core.PostProcessing;
using Contrastive.Core.Serialization;
using Contrastive.Embeddings.Indexes;
using Contrastive.Sequences.Data;
using Contrastive.Text.Bert;
using Contrastive.Text.Data;
using Contrastive.Text.Evaluation;
using Contrastive.Text.Tokenization;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Contrastive.Cli.Tests;

/// <summary>
/// Property tests of the file readers over seeded random mutations of valid files (<see cref="FileMutator"/>:
/// truncation, flipped bytes, a NUL, a duplicated or deleted line, a huge/negative/non-finite number, random bytes).
/// For every mutated input a reader must either refuse it with a <see cref="ContrastiveException"/> or return a valid
/// result: no other exception type, no hang (each read runs under a timeout), no NaN or infinity in what it returns.
/// The whole suite reads a few hundred small files and takes seconds.
/// </summary>
public class FileReaderFuzzTests(ITestOutputHelper output)
{
    const int Trials = 80;
    static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// <see cref="Trials"/> times: restores <paramref name="files"/>, mutates one of them (seeded by
    /// <paramref name="seed"/>) and calls <paramref name="read"/>, which reads and checks the result. Asserts the
    /// contract above and that at least one mutation was refused (the reader does look at what it reads).
    /// </summary>
    void Fuzz(string reader, IReadOnlyList<string> files, int seed, Action read)
    {
        var originals = files.ToDictionary(f => f, File.ReadAllBytes);
        var random = new Random(seed);
        int refused = 0, accepted = 0;
        for (int trial = 0; trial < Trials; trial++)
        {
            foreach (var (file, bytes) in originals) File.WriteAllBytes(file, bytes);
            var target = files[random.Next(files.Count)];
            var (mutated, kind) = FileMutator.Mutate(originals[target], random);
            File.WriteAllBytes(target, mutated);
            var what = $"{reader}, trial {trial}: {kind} in {Path.GetFileName(target)}";

            var task = Task.Run(read);
            try
            {
                Assert.True(task.Wait(ReadTimeout), $"{what}: no answer within {ReadTimeout} (a hang)");
                accepted++;
            }
            catch (AggregateException e) when (e.InnerException is ContrastiveException)
            {
                refused++;
            }
            catch (AggregateException e)
            {
                var inner = e.InnerException!;
                Assert.Fail($"{what}: {inner.GetType().Name}: {inner.Message}\n{inner.StackTrace}");
            }
        }
        output.WriteLine($"{reader}: {refused} refused, {accepted} accepted of {Trials} mutations");
        Assert.True(refused > 0, $"{reader}: none of {Trials} mutations was refused");
    }

    static void RequireFinite(double value, string what) =>
        Assert.True(double.IsFinite(value), $"{what} is {value} but the file was accepted");

    static void RequireFinite(Tensor t, string what) =>
        Assert.True(t.numel() == 0 || !t.is_floating_point() || isfinite(t).all().item<bool>(), $"{what} holds NaN or infinity but the file was accepted");

    [Fact]
    public void SafeTensorsLoad_MutatedFiles_RefusedOrValid()
    {
        using var dir = new TempDir();
        var path = dir.File("t.safetensors");
        using (var a = randn(3, 4, generator: new Generator(1)))
        using (var b = arange(5L))
            SafeTensors.Save(path, [KeyValuePair.Create("a", a), KeyValuePair.Create("b", b)]);

        Fuzz("safetensors", [path], seed: 1, () =>
        {
            var tensors = SafeTensors.Load(path);
            foreach (var t in tensors.Values) t.Dispose();
        });
    }

    [Fact]
    public void WhiteningLoad_MutatedFiles_RefusedOrFinite()
    {
        using var dir = new TempDir();
        var path = dir.File("whitening.safetensors");
        using (var x = randn(40, 6, generator: new Generator(2)))
        using (var fitted = Whitening.Fit(x))
            fitted.Save(path);

        Fuzz("whitening", [path], seed: 2, () =>
        {
            using var whitening = Whitening.Load(path);
            using var y = whitening.Apply(ones(2, whitening.InputDim));
            RequireFinite(y, "the whitened vector");
        });
    }

    [Fact]
    public void VocabularyLoad_MutatedFiles_RefusedOrATokenizerWithIdsInRange()
    {
        using var dir = new TempDir();
        var path = TinyVocabulary.Words.Write(dir);

        Fuzz("vocab.txt", [path], seed: 3, () =>
        {
            var tokenizer = WordPieceTokenizer.FromVocabFile(path);
            foreach (var id in tokenizer.Encode("the man plays the guitar in the park .", 32))
                Assert.InRange(id, 0, tokenizer.VocabSize - 1);
        });
    }

    [Fact]
    public void BertConfigLoad_MutatedFiles_RefusedOrValid()
    {
        using var dir = new TempDir();
        var path = Path.Combine(TinyBert.SaveEncoderFolder(dir), "config.json");

        Fuzz("config.json", [path], seed: 4, () =>
        {
            var config = BertConfig.Load(path);
            config.Validate();
            RequireFinite(config.LayerNormEps, "layer_norm_eps");
        });
    }

    [Fact]
    public void StsBenchmarkLoad_MutatedFiles_RefusedOrFiniteScores()
    {
        using var dir = new TempDir();
        var path = TinyCorpus.StsBenchmark(dir);

        Fuzz("STS Benchmark", [path], seed: 5, () =>
        {
            foreach (var pair in StsSuite.Load(path).Tasks.SelectMany(t => t.AllPairs))
            {
                RequireFinite(pair.Score, "a gold score");
                Assert.False(string.IsNullOrWhiteSpace(pair.Sentence1) || string.IsNullOrWhiteSpace(pair.Sentence2), "an empty sentence was accepted");
            }
        });
    }

    [Fact]
    public void SentEvalStsSubset_MutatedFiles_RefusedOrFiniteScores()
    {
        using var dir = new TempDir();
        var sentences = TinyCorpus.Random(24, seed: 6);
        var input = dir.File("STS.input.MSRpar.txt");
        var gold = dir.File("STS.gs.MSRpar.txt");
        File.WriteAllLines(input, Enumerable.Range(0, 12).Select(i => $"{sentences[2 * i]}\t{sentences[2 * i + 1]}"));
        File.WriteAllLines(gold, Enumerable.Range(0, 12).Select(i => (i * 0.4).ToString("F1", System.Globalization.CultureInfo.InvariantCulture)));

        Fuzz("SentEval STS", [input, gold], seed: 6, () =>
        {
            foreach (var pair in SentEvalStsReader.ReadSubset(dir.Path, "MSRpar")) RequireFinite(pair.Score, "a gold score");
        });
    }

    [Fact]
    public void SickRead_MutatedFiles_RefusedOrFiniteScores()
    {
        using var dir = new TempDir();
        var sentences = TinyCorpus.Random(20, seed: 7);
        var path = dir.File("SICK_test_annotated.txt");
        File.WriteAllLines(path, ["pair_ID\tsentence_A\tsentence_B\trelatedness_score\tentailment_judgment",
            .. Enumerable.Range(0, 10).Select(i => $"{i + 1}\t{sentences[2 * i]}\t{sentences[2 * i + 1]}\t{1 + i * 0.4:F1}\tNEUTRAL")]);

        Fuzz("SICK", [path], seed: 7, () =>
        {
            foreach (var pair in SickReader.Read(path)) RequireFinite(pair.Score, "a gold score");
        });
    }

    [Fact]
    public void NliTripletRead_MutatedFiles_RefusedOrCompleteTriplets()
    {
        using var dir = new TempDir();
        var sentences = TinyCorpus.Random(30, seed: 8);
        var path = dir.File("nli.csv");
        File.WriteAllLines(path, ["sent0,sent1,hard_neg", .. Enumerable.Range(0, 10).Select(i => $"{sentences[3 * i]},\"{sentences[3 * i + 1]}\",{sentences[3 * i + 2]}")]);

        Fuzz("NLI CSV", [path], seed: 8, () => Assert.NotEmpty(NliTripletReader.Read(path)));
    }

    [Fact]
    public void SentenceCorpusRead_MutatedFiles_RefusedOrSentences()
    {
        using var dir = new TempDir();
        var path = TinyCorpus.WriteRandom(dir, "corpus.txt", 30, seed: 9);

        Fuzz("sentence corpus", [path], seed: 9, () =>
        {
            var sentences = SentenceCorpus.ReadLines(path);
            Assert.All(sentences, s => Assert.DoesNotContain('\0', s));
        });
    }

    [Theory]
    [InlineData(SequenceFormat.Sequences)]
    [InlineData(SequenceFormat.Ratings)]
    public void SequenceDatasetLoad_MutatedFiles_RefusedOrValidSequences(SequenceFormat format)
    {
        using var dir = new TempDir();
        var path = dir.File("interactions.txt");
        var random = new Random(10);
        var lines = format == SequenceFormat.Sequences
            ? Enumerable.Range(1, 12).Select(u => $"u{u} " + string.Join(' ', Enumerable.Range(0, random.Next(3, 8)).Select(_ => $"i{random.Next(1, 20)}")))
            : Enumerable.Range(1, 12).SelectMany(u => Enumerable.Range(0, 5).Select(t => $"{u}\t{random.Next(1, 20)}\t{random.Next(1, 6)}\t{880000000 + 100 * u + t}"));
        File.WriteAllLines(path, lines);

        Fuzz($"sequences ({format})", [path], seed: 10 + (int)format, () =>
        {
            var data = SequenceDataset.Load(path, format);
            Assert.All(data.Sequences, s => Assert.All(s, item => Assert.InRange(item, 0, int.MaxValue)));
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void VectorIndexFolderLoad_MutatedFiles_RefusedOrFiniteSearchScores(bool ivf)
    {
        using var dir = new TempDir();
        var folder = dir.File("index");
        var sentences = TinyCorpus.Random(24, seed: 11);
        using (var vectors = nn.functional.normalize(randn(24, 8, generator: new Generator(11)), dim: 1))
        {
            IVectorIndex index = ivf ? new IvfIndex(8, new IvfOptions { Cells = 4, NProbe = 2 }, "model") : new ExactInnerProductIndex(8, "model");
            index.Add(vectors, sentences);
            index.Save(folder);
            index.Dispose();
        }
        var files = Directory.GetFiles(folder);

        Fuzz(ivf ? "IVF index folder" : "exact index folder", files, seed: ivf ? 13 : 12, () =>
        {
            using var index = VectorIndexFolder.Load(folder);
            using var query = nn.functional.normalize(ones(1, index.Dimension), dim: 1);
            foreach (var match in index.Search(query, 3)[0])
            {
                RequireFinite(match.Score, "a search score");
                Assert.NotNull(match.Sentence);
            }
        });
    }

    [Fact]
    public void SentenceEncoderFolderLoad_MutatedPipelineFiles_RefusedOrFiniteEmbeddings()
    {
        using var dir = new TempDir();
        var folder = TinyBert.SaveEncoderFolder(dir);
        var files = new[] { "modules.json", "sentence_bert_config.json", "config.json", Path.Combine("1_Pooling", "config.json") }
            .Select(f => Path.Combine(folder, f)).Where(File.Exists).ToArray();
        Assert.True(files.Length >= 3, string.Join(", ", Directory.GetFiles(folder, "*", SearchOption.AllDirectories)));

        Fuzz("model folder (modules.json, pooling, configs)", files, seed: 14, () =>
        {
            var encoder = Contrastive.Text.Inference.SentenceEncoderFolder.Load(folder);
            using var scope = NewDisposeScope();
            RequireFinite(encoder.Encode(["a man plays the guitar .", "the cat"], 2), "the embeddings");
        });
    }

    [Fact]
    public void OnnxBertImport_MutatedOnnxFiles_RefusedOrALoadableFolderWithFiniteEmbeddings()
    {
        using var dir = new TempDir();
        var source = Contrastive.Text.Inference.SentenceEncoderFolder.Load(TinyBert.SaveEncoderFolder(dir));
        var onnx = dir.File("model.onnx");
        Contrastive.Embeddings.Onnx.BertOnnxExporter.Export(Contrastive.Embeddings.Onnx.OnnxEncoderParts.From(source), onnx);
        var vocab = dir.File("vocab.txt");
        int trial = 0;

        Fuzz("ONNX import", [onnx], seed: 15, () =>
        {
            var target = dir.File($"imported-{Interlocked.Increment(ref trial)}");
            Contrastive.Text.Models.OnnxBertImporter.Import(onnx, vocab, target, new Contrastive.Text.Models.OnnxImportOptions(NumHeads: 2));
            var encoder = Contrastive.Text.Inference.SentenceEncoderFolder.Load(target);
            using var scope = NewDisposeScope();
            RequireFinite(encoder.Encode(["a man plays the guitar ."], 1), "the embeddings of the imported model");
        });
    }
}
