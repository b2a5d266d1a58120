using System.Diagnostics;

namespace Contrastive.Cli.Tests.Commands;

/// <summary><c>contrastive encode --shard i/n</c> in separate processes, joined with <c>--merge</c>, against one run.</summary>
[Collection(ProgressDisplayCollection.Name)]
public class EncodeShardedTests
{
    /// <summary>Runs the built <c>contrastive</c> (contrastive.dll beside the tests) as a child process.</summary>
    internal static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "contrastive.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["OMP_NUM_THREADS"] = "1";
        return Process.Start(info)!;
    }

    [Fact]
    public async Task Encode_ThreeShardProcessesMerged_ByteIdenticalToOneRun()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var input = TinyCorpus.WriteRandom(dir, "in.txt", 150, seed: 11, maxWords: 14);   // batch 4: blocks of 64 rows, 3 blocks
        string[] common = ["--model", model, "--input", input, "--batch-size", "4"];

        var runs = new[] { Start(["encode", .. common, "--output", dir.File("all.npy")]) }
            .Concat(Enumerable.Range(0, 3).Select(i => Start(["encode", .. common, "--shard", $"{i}/3", "--output", dir.File($"part{i}.npy")])))
            .ToArray();
        foreach (var run in runs)
        {
            var stderr = run.StandardError.ReadToEndAsync();
            await run.StandardOutput.ReadToEndAsync();
            await run.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(run.ExitCode == 0, await stderr);
            run.Dispose();
        }
        var (code, err) = InProcessCli.Run("encode", "--merge", dir.File("part0.npy"), dir.File("part1.npy"), dir.File("part2.npy"), "--output", dir.File("merged.npy"));
        Assert.True(code == 0, err);

        Assert.True(new FileInfo(dir.File("part0.npy")).Length < new FileInfo(dir.File("all.npy")).Length);
        Assert.Equal(File.ReadAllBytes(dir.File("all.npy")), File.ReadAllBytes(dir.File("merged.npy")));
    }

    [Fact]
    public void Encode_MergeWithModelOrOfDifferentWidths_OneErrorLine()
    {
        using var dir = new TempDir();
        Contrastive.Core.Serialization.NpyFile.Save(dir.File("a.npy"), TorchSharp.torch.zeros(2, 4));
        Contrastive.Core.Serialization.NpyFile.Save(dir.File("b.npy"), TorchSharp.torch.zeros(3, 5));
        InProcessCli.AssertBadInput("b.npy", "encode", "--merge", dir.File("a.npy"), dir.File("b.npy"), "--output", dir.File("m.npy"));
        InProcessCli.AssertBadInput("--merge", "encode", "--merge", dir.File("a.npy"), "--model", dir.Path, "--output", dir.File("m.npy"));
        InProcessCli.AssertBadInput("--model is required", "encode", "--input", dir.File("a.npy"), "--output", dir.File("m.npy"));
        InProcessCli.AssertBadInput("--shard", "encode", "--model", dir.Path, "--input", dir.File("a.npy"), "--shard", "3/3", "--output", dir.File("m.npy"));
    }
}
