using Contrastive.Core;
using Contrastive.Text.Models;
using Contrastive.Text.Models.Hub;
using Contrastive.Text.Tests.Bert;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Models;

public class ModelLocatorTests
{
    [Fact]
    public void Resolve_ExistingFolder_IsItself()
    {
        using var dir = new TempDir();
        Assert.Equal(dir.Path, ModelLocator.Resolve(dir.Path));
    }

    [Fact]
    public void Resolve_UnknownName_OneLineListingTheBuiltInModels()
    {
        var e = Assert.Throws<ContrastiveException>(() => ModelLocator.Resolve("no-such-model"));
        Assert.Contains("no-such-model", e.Message);
        Assert.Contains("all-MiniLM-L6-v2, arctic-embed-xs", e.Message);
    }

    [Fact]
    public void Resolve_HubId_DownloadsTheSnapshotFromTheHub_ThenLoadsIt()
    {
        using var source = new TempDir();
        using var cache = new TempDir();
        using (var scope = NewDisposeScope())
        {
            using var model = TinyBert.Ids.Model(seed: 5, eval: true);
            HuggingFaceBertFolder.Save(source.Path, model);
        }
        var files = Directory.EnumerateFiles(source.Path).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        using var server = new LocalHubServer("org/tiny", new string('a', 40), files);
        var log = new List<string>();

        var dir = ModelLocator.Resolve("org/tiny@main", log.Add, new HubOptions { Endpoint = server.Endpoint, CacheDir = cache.Path });

        Assert.StartsWith(cache.Path, dir);
        Assert.Contains(log, l => l.StartsWith("downloaded model.safetensors", StringComparison.Ordinal));
        using var loaded = HuggingFaceBertFolder.Load(dir);
        Assert.Equal(TinyBert.Ids.Config.HiddenSize, loaded.Config.HiddenSize);
    }

    [Fact]
    public void Resolve_HubIdOfAMissingRepo_OneLineNamingTheUrl()
    {
        using var cache = new TempDir();
        using var server = new LocalHubServer("org/tiny", new string('a', 40), new Dictionary<string, byte[]>());
        var e = Assert.Throws<ContrastiveException>(() =>
            ModelLocator.Resolve("org/other", _ => { }, new HubOptions { Endpoint = server.Endpoint, CacheDir = cache.Path }));
        Assert.Contains("org/other", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Cached_FirstUseImportsAtomically_ThenReusesTheFolderWithoutImporting()
    {
        using var dir = new TempDir();
        var log = new List<string>();

        var first = ModelLocator.Cached(PretrainedModel.MiniLM, log.Add, dir.Path);
        var second = ModelLocator.Cached(PretrainedModel.MiniLM, log.Add, dir.Path);

        Assert.Equal(Path.Combine(dir.Path, "all-MiniLM-L6-v2"), first);
        Assert.Equal(first, second);
        Assert.Single(log, l => l.StartsWith("importing all-MiniLM-L6-v2"));
        Assert.Equal(["all-MiniLM-L6-v2"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName));   // no temporary folder left
        Assert.True(File.Exists(Path.Combine(first, "modules.json")));
    }

    [Fact]
    public void Cached_PackageNotRestored_OneLineAndNothingInTheCache()
    {
        using var cache = new TempDir();
        using var packages = new TempDir();

        var e = Assert.Throws<ContrastiveException>(() => ModelLocator.Cached(PretrainedModel.ArcticEmbedXs, _ => { }, cache.Path, [packages.Path]));

        Assert.Contains("dotnet restore", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(cache.Path));
    }

    [Fact]
    public void WriteAtomically_FailingWriter_LeavesNoTargetAndNoTemporaryFolder()
    {
        using var dir = new TempDir();
        var target = dir.File("model");

        Assert.Throws<ContrastiveException>(() => ModelLocator.WriteAtomically(target, temp =>
        {
            Directory.CreateDirectory(temp);
            File.WriteAllText(Path.Combine(temp, "config.json"), "{}");
            throw new ContrastiveException("boom");
        }));

        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }
}
