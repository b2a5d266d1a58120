using System.CommandLine;
using System.Text.Json.Nodes;
using Contrastive.Cli;
using Contrastive.Cli.Commands;
using Contrastive.Text.Tokenization;
using Spectre.Console;

namespace Contrastive.Cli.Tests.Commands;

public class TokenizerCommandTests
{
    static readonly string[] Words = ["the", "cat", "sat", "on", "mat", "and", "dog", "ran"];

    /// <summary>Runs <c>contrastive tokenizer ARGS</c>; returns the exit code, what it printed and its error output.</summary>
    static (int Code, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.No,
            Ansi = AnsiSupport.No,
        });
        var error = new StringWriter();
        int code = CliRunner.Invoke(new RootCommand { TokenizerCommand.Create(console) }, ["tokenizer", .. args], error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>200 seeded sentences of <see cref="Words"/>, the first word of every other one capitalised.</summary>
    static IEnumerable<string> Sentences()
    {
        var rng = new Random(5);
        for (int i = 0; i < 200; i++)
        {
            var words = Enumerable.Range(0, 6).Select(_ => Words[rng.Next(Words.Length)]).ToArray();
            if (i % 2 == 0) words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
            yield return string.Join(' ', words) + ".";
        }
    }

    [Fact]
    public void Train_TextAndTsvCorpus_WritesATokenizerFolderThatEncodesTheWords()
    {
        using var dir = new TempDir();
        var text = dir.File("a.txt");
        var tsv = dir.File("b.tsv");
        File.WriteAllLines(text, Sentences().Take(100));
        // In a .tsv only the last column is text: "zzz" (first column) must not reach the vocabulary.
        File.WriteAllLines(tsv, Sentences().Skip(100).Select(s => "zzz\t" + s));
        var outDir = dir.File("tok");

        // 13 characters give 5 + 2 x 13 = 31 entries; 13 merges later every word is a single token and merging ends.
        var (code, output, error) = Run("train", "--corpus", text, tsv, "--vocab-size", "44", "--out", outDir);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("vocabulary: 44 tokens (uncased) from 200 sentences", output);
        Assert.DoesNotContain("fewer than", output);
        Assert.Contains($"wrote {Path.Combine(outDir, "vocab.txt")} and the tokenizer config files to {outDir}\n", output);
        foreach (var file in new[] { "vocab.txt", "tokenizer_config.json", "special_tokens_map.json" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        var vocab = File.ReadAllLines(Path.Combine(outDir, "vocab.txt"));
        Assert.Equal(44, vocab.Length);
        Assert.DoesNotContain("z", vocab);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "tokenizer_config.json")))!;
        Assert.True(config["do_lower_case"]!.GetValue<bool>());

        var tokenizer = WordPieceTokenizer.FromDirectory(outDir);
        var ids = tokenizer.Encode("The cat sat on the mat.");
        Assert.Equal(["[CLS]", "the", "cat", "sat", "on", "the", "mat", ".", "[SEP]"], ids.Select(id => vocab[id]));
    }

    [Fact]
    public void Train_Cased_KeepsCapitalsAndWritesDoLowerCaseFalse()
    {
        using var dir = new TempDir();
        var text = dir.File("a.txt");
        File.WriteAllLines(text, Sentences());
        var outDir = dir.File("tok");

        var (code, output, _) = Run("train", "--corpus", text, "--vocab-size", "1000", "--out", outDir, "--min-frequency", "3", "--cased");

        Assert.Equal(0, code);
        Assert.Contains("(cased)", output);
        Assert.Contains("fewer than the 1000 asked for", output);
        var tokenizer = WordPieceTokenizer.FromDirectory(outDir);
        Assert.False(tokenizer.Lowercase);
        var vocab = File.ReadAllLines(Path.Combine(outDir, "vocab.txt"));
        Assert.Contains("The", vocab);
        Assert.Contains("the", vocab);
    }

    [Fact]
    public void Train_MissingCorpus_OneLineErrorAndExitCodeOne()
    {
        using var dir = new TempDir();
        var missing = dir.File("nope.txt");

        var (code, _, error) = Run("train", "--corpus", missing, "--vocab-size", "100", "--out", dir.File("tok"));

        Assert.Equal(CliRunner.BadInput, code);
        Assert.Equal($"error: The corpus file '{missing}' does not exist.", error.TrimEnd());
        Assert.False(Directory.Exists(dir.File("tok")));
    }

    [Theory]
    [InlineData("5", "2", "--vocab-size must be more than the 5 special tokens, but it is 5.")]
    [InlineData("100", "0", "--min-frequency must be at least 1, but it is 0.")]
    public void Train_BadNumber_OneLineErrorNamingTheOption(string vocabSize, string minFrequency, string message)
    {
        using var dir = new TempDir();
        var text = dir.File("a.txt");
        File.WriteAllLines(text, Sentences());

        var (code, _, error) = Run("train", "--corpus", text, "--vocab-size", vocabSize, "--min-frequency", minFrequency, "--out", dir.File("tok"));

        Assert.Equal(CliRunner.BadInput, code);
        Assert.Equal($"error: {message}", error.TrimEnd());
    }

    [Fact]
    public void Train_TooFewTokensForTheAlphabet_ReportsTheTrainerError()
    {
        using var dir = new TempDir();
        var text = dir.File("a.txt");
        File.WriteAllLines(text, Sentences());

        var (code, _, error) = Run("train", "--corpus", text, "--vocab-size", "10", "--out", dir.File("tok"));

        Assert.Equal(CliRunner.BadInput, code);
        Assert.StartsWith("error: The training text has", error);
    }

    /// <summary>A vocab.txt of the specials and a few words and pieces.</summary>
    static string WriteVocab(TempDir dir)
    {
        var path = dir.File("vocab.txt");
        File.WriteAllLines(path, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "play", "##ing", "!", "Hello"]);
        return path;
    }

    [Fact]
    public void Encode_Vocab_PrintsPiecesAndIds()
    {
        using var dir = new TempDir();
        var vocab = WriteVocab(dir);

        var (code, output, _) = Run("encode", "--vocab", vocab, "Hello", "playing", "wörld!", "xyz");

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToArray();
        Assert.Equal("tokens: [CLS] hello play ##ing world ! [UNK] [SEP]", lines[0]);
        Assert.Equal("ids:    2 5 7 8 6 9 1 3", lines[1]);
        Assert.Equal("8 ids, 1 of them [UNK]", lines[2]);
    }

    [Fact]
    public void Encode_CasedVocabAndMaxLength_KeepsCaseAndTruncates()
    {
        using var dir = new TempDir();
        var vocab = WriteVocab(dir);

        var (code, output, _) = Run("encode", "--vocab", vocab, "--cased", "--max-length", "3", "Hello world");

        Assert.Equal(0, code);
        Assert.Contains("tokens: [CLS] Hello [SEP]", output);
        Assert.Contains("ids:    2 10 3", output);
    }

    [Fact]
    public void Encode_ModelFolder_ReadsItsCasing()
    {
        using var dir = new TempDir();
        var folder = dir.File("model");
        WordPieceTokenizer.FromVocabFile(WriteVocab(dir), lowercase: false).SaveTo(folder);

        var (code, output, _) = Run("encode", "--model", folder, "Hello hello");

        Assert.Equal(0, code);
        Assert.Contains("tokens: [CLS] Hello hello [SEP]", output);
    }

    [Theory]
    [InlineData(false, false, false, "Give either --vocab FILE or --model DIR")]
    [InlineData(true, true, false, "Give either --vocab FILE or --model DIR")]
    [InlineData(false, true, true, "--cased goes with --vocab")]
    public void Encode_BadSourceOptions_OneLineError(bool withVocab, bool withModel, bool cased, string message)
    {
        using var dir = new TempDir();
        var vocab = WriteVocab(dir);
        var args = new List<string> { "encode" };
        if (withVocab) args.AddRange(["--vocab", vocab]);
        if (withModel) args.AddRange(["--model", dir.Path]);
        if (cased) args.Add("--cased");
        args.Add("hello");

        var (code, _, error) = Run([.. args]);

        Assert.Equal(CliRunner.BadInput, code);
        Assert.StartsWith($"error: {message}", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Encode_MissingVocab_OneLineError()
    {
        using var dir = new TempDir();

        var (code, _, error) = Run("encode", "--vocab", dir.File("none.txt"), "hello");

        Assert.Equal(CliRunner.BadInput, code);
        Assert.Contains("does not exist", error);
    }
}
