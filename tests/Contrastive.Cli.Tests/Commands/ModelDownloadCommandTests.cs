using System.CommandLine;
using Contrastive.Cli.Commands;

namespace Contrastive.Cli.Tests.Commands;

/// <summary>
/// <c>model download</c> against <see cref="LocalHubServer"/>; the command is attached to a root of its own here
/// (the <c>model</c> group that holds it lives elsewhere).
/// </summary>
[Collection(ProgressDisplayCollection.Name)]
public sealed class ModelDownloadCommandTests : IDisposable
{
    const string Commit = "89abcdef0123456789abcdef0123456789abcdef";
    readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    static RootCommand Root() => new("test root") { ModelDownloadCommand.Create() };

    static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Root().Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Download_PrintsTheSnapshotFolder_ThenWorksOffline()
    {
        var source = dir.File("source");
        var (code, stderr) = InProcessCli.Run("bert", "init", "--vocab", TinyVocabulary.Words.Write(dir), "--out", source,
                                          "--hidden-size", "16", "--num-layers", "1", "--num-heads", "2");
        Assert.True(code == 0, stderr);
        var files = Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
                             .ToDictionary(f => Path.GetRelativePath(source, f).Replace('\\', '/'), File.ReadAllBytes);
        files.Remove("contrastive.json");   // this library's own manifest: not among the files a Hub download fetches
        var cache = dir.File("hub");
        string stdout;
        using (var hub = new LocalHubServer("org/tiny", Commit, files))
        {
            (code, stdout, stderr) = Run("download", "org/tiny", "--cache-dir", cache, "--endpoint", hub.Endpoint);
            Assert.True(code == 0, stderr);
        }
        var snapshot = Path.Combine(cache, "models--org--tiny", "snapshots", Commit);
        Assert.Equal(snapshot, stdout.Trim());
        Assert.Equal(files.Keys.Order(), Directory.EnumerateFiles(snapshot, "*", SearchOption.AllDirectories)
                                                 .Select(f => Path.GetRelativePath(snapshot, f).Replace('\\', '/')).Order());

        (code, stdout, stderr) = Run("download", "org/tiny", "--cache-dir", cache, "--offline");
        Assert.True(code == 0, stderr);
        Assert.Equal(snapshot, stdout.Trim());
    }

    [Fact]
    public void Download_OfflineWithoutCache_IsOneErrorLine()
    {
        var stderr = new StringWriter();
        int code = CliRunner.Invoke(Root(), ["download", "org/absent", "--cache-dir", dir.File("hub"), "--offline"], stderr);
        Assert.Equal(CliRunner.BadInput, code);
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: org/absent: not in the Hugging Face cache", lines[0]);
        Assert.Contains("HF_HUB_OFFLINE", lines[0]);
    }

    [Fact]
    public void Download_MalformedId_IsOneErrorLine()
    {
        var stderr = new StringWriter();
        int code = CliRunner.Invoke(Root(), ["download", "a/b/c", "--cache-dir", dir.File("hub")], stderr);
        Assert.Equal(CliRunner.BadInput, code);
        Assert.StartsWith("error: 'a/b/c': not a Hugging Face model id", stderr.ToString());
    }
}
