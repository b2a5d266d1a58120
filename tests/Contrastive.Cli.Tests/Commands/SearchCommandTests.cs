using System.CommandLine;
using Contrastive.Cli.Commands;

namespace Contrastive.Cli.Tests.Commands;

[Collection(ProgressDisplayCollection.Name)]
public class SearchCommandTests
{
    /// <summary>Runs <c>search</c> with its results written to a string.</summary>
    static (int Code, string Stdout, string Stderr) Search(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliRunner.Invoke(new RootCommand { SearchCommand.Create(stdout) }, ["search", .. args], stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    static string[] Hits(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("  ") && !l.Contains("(no indexed")).Select(l => l.Trim()).ToArray();

    static (TempDir Dir, string[] Corpus) Indexed(params string[] extra)
    {
        var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var sentences = TinyCorpus.Random(40, seed: 4).Distinct().ToArray();
        File.WriteAllLines(dir.File("corpus.txt"), sentences);
        var (code, stderr) = InProcessCli.Run(["index", "build", "--model", model, "--corpus", dir.File("corpus.txt"), "--out", dir.File("index"), .. extra]);
        Assert.True(code == 0, stderr);
        return (dir, sentences);
    }

    [Fact]
    public void Search_ExactIndex_SentenceOfTheCorpusComesFirstWithCosineOne()
    {
        var (dir, corpus) = Indexed();
        using var _ = dir;

        var (code, stdout, stderr) = Search("--index", dir.File("index"), "--query", corpus[7], "--top-k", "3", "--threshold", "-1");

        Assert.True(code == 0, stderr);
        Assert.StartsWith($"query: {corpus[7]}", stdout);
        var hits = Hits(stdout);
        Assert.Equal(3, hits.Length);
        Assert.Equal($"1  1.0000  {corpus[7]}", hits[0]);
    }

    [Fact]
    public void Search_IvfIndex_AllCellsProbedGivesTheExactResults()
    {
        var (dir, corpus) = Indexed("--ivf", "--cells", "4", "--nprobe", "1");
        using var _ = dir;
        var (code, stderr) = InProcessCli.Run("index", "build", "--model", dir.File("model"), "--corpus", dir.File("corpus.txt"), "--out", dir.File("exact"));
        Assert.True(code == 0, stderr);

        var ivf = Search("--index", dir.File("index"), "--query", corpus[3], "--query", corpus[11], "--top-k", "6", "--threshold", "-1", "--nprobe", "4");
        var exact = Search("--index", dir.File("exact"), "--query", corpus[3], "--query", corpus[11], "--top-k", "6", "--threshold", "-1");

        Assert.True(ivf.Code == 0, ivf.Stderr);
        Assert.Equal(12, Hits(ivf.Stdout).Length);
        // The same scores rank by rank (the untrained model ties many sentences, and ties may come in any order).
        static string[] Scores(string stdout) => Hits(stdout).Select(h => h.Split("  ")[1]).ToArray();
        Assert.Equal(Scores(exact.Stdout), Scores(ivf.Stdout));
    }

    [Fact]
    public void Search_NProbeOnExactIndex_OneErrorLine()
    {
        var (dir, corpus) = Indexed();
        using var _ = dir;
        var (code, _, stderr) = Search("--index", dir.File("index"), "--query", corpus[0], "--nprobe", "3");
        Assert.Equal(CliRunner.BadInput, code);
        Assert.StartsWith("error: --nprobe applies to an IVF index", stderr);
    }

    [Fact]
    public void Search_HighThreshold_SaysNothingPassed()
    {
        var (dir, _) = Indexed();
        using var __ = dir;

        var (code, stdout, _) = Search("--index", dir.File("index"), "--query", "a red guitar", "--threshold", "1.01");

        Assert.Equal(0, code);
        Assert.Empty(Hits(stdout));
        Assert.Contains("no indexed sentence has cosine >= 1.01", stdout);
    }

    [Fact]
    public void Search_CorruptIndex_OneErrorLineNamingTheFile()
    {
        var (dir, _) = Indexed("--ivf", "--cells", "3");
        using var _ = dir;
        var vectors = Path.Combine(dir.File("index"), "vectors.safetensors");
        File.WriteAllBytes(vectors, File.ReadAllBytes(vectors)[..^9]);

        InProcessCli.AssertBadInput(vectors, "search", "--index", dir.File("index"), "--query", "a dog");
    }
}
