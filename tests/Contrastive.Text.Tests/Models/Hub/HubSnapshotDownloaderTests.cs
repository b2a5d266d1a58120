using System.Security.Cryptography;
using Contrastive.Core;
using Contrastive.Text.Models;
using Contrastive.Text.Inference;
using Contrastive.Text.Models.Hub;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tests.Bert;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Models.Hub;

/// <summary><see cref="HubSnapshotDownloader"/> against <see cref="LocalHubServer"/> serving a tiny BERT folder.</summary>
public sealed class HubSnapshotDownloaderTests : IDisposable
{
    const string Repo = "org/tiny";
    const string Commit = "0123456789abcdef0123456789abcdef01234567";

    readonly TempDir source = new();
    readonly TempDir cache = new();
    readonly LocalHubServer server;

    public HubSnapshotDownloaderTests()
    {
        using (var scope = NewDisposeScope())
        {
            using var model = TinyBert.Ids.Model(seed: 21, eval: true);
            HuggingFaceBertFolder.Save(source.Path, model);
            SentenceTransformersFolder.Save(source.Path, SentencePipeline.FromPooler(model, PoolerType.Cls, maxSeqLength: 16), model.Config);
        }
        File.WriteAllLines(source.File("vocab.txt"), Enumerable.Range(0, 100).Select(i => i < 5 ? $"[unused{i}]" : $"tok{i}"));
        server = new LocalHubServer(Repo, Commit, FilesOf(source.Path));
    }

    public void Dispose()
    {
        server.Dispose();
        source.Dispose();
        cache.Dispose();
    }

    static Dictionary<string, byte[]> FilesOf(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                 .ToDictionary(f => Path.GetRelativePath(dir, f).Replace('\\', '/'), File.ReadAllBytes);

    HubOptions Options(LocalHubServer? hub = null) => new()
    {
        Endpoint = (hub ?? server).Endpoint,
        CacheDir = cache.Path,
        MaxAttempts = 3,
        RetryDelay = TimeSpan.FromMilliseconds(5),
        Timeout = TimeSpan.FromSeconds(20),
    };

    string Download(string id, HubOptions? options = null, IProgress<HubDownloadProgress>? progress = null)
    {
        using var downloader = new HubSnapshotDownloader(options ?? Options());
        return downloader.Download(id, progress);
    }

    string RepoDir => Path.Combine(cache.Path, "models--org--tiny");

    /// <summary>Every file under blobs/ and snapshots/ (links included), relative to the repository folder.</summary>
    string[] CacheEntries() =>
        Directory.Exists(RepoDir)
            ? Directory.EnumerateFileSystemEntries(RepoDir, "*", SearchOption.AllDirectories)
                       .Where(p => !Directory.Exists(p) || new FileInfo(p).LinkTarget is not null)
                       .Select(p => Path.GetRelativePath(RepoDir, p).Replace('\\', '/')).Order().ToArray()
            : [];

    sealed class Recorder : IProgress<HubDownloadProgress>
    {
        public List<HubDownloadProgress> Reports { get; } = [];
        public void Report(HubDownloadProgress value) { lock (Reports) Reports.Add(value); }
    }

    [Fact]
    public void Download_FreshCache_WritesHuggingFaceLayout_AndTheSnapshotLoads()
    {
        var progress = new Recorder();
        var snapshot = Download(Repo, progress: progress);

        Assert.Equal(Path.Combine(RepoDir, "snapshots", Commit), snapshot);
        Assert.Equal(Commit, File.ReadAllText(Path.Combine(RepoDir, "refs", "main")));
        var served = FilesOf(source.Path);
        Assert.Equal(served.Keys.Order(), FilesOf(snapshot).Keys.Order());
        foreach (var (name, bytes) in served)
        {
            var entry = Path.Combine(snapshot, name);
            Assert.Equal(bytes, File.ReadAllBytes(entry));
            var etag = LocalHubServer.IsLfs(name) ? LocalHubServer.Sha256(bytes) : LocalHubServer.GitBlobSha1(bytes);
            var link = new FileInfo(entry).LinkTarget;
            Assert.NotNull(link);
            Assert.Equal(Path.Combine(RepoDir, "blobs", etag), Path.GetFullPath(Path.Combine(Path.GetDirectoryName(entry)!, link!)));
            Assert.False(Path.IsPathRooted(link), "links are relative, as huggingface_hub makes them");
        }
        Assert.DoesNotContain(CacheEntries(), e => e.EndsWith(".incomplete"));
        Assert.Contains("2_Dense/model.safetensors", served.Keys);   // a module's weights came along

        var weights = served["model.safetensors"];
        var last = progress.Reports.Last(r => r.File == "model.safetensors");
        Assert.Equal((weights.Length, (long?)weights.Length, false), (last.BytesDone, last.TotalBytes, last.FromCache));

        using var scope = NewDisposeScope();
        using var expected = TinyBert.Ids.Model(seed: 21, eval: true);
        using var loaded = HuggingFaceBertFolder.Load(snapshot);
        loaded.eval();
        var ids = TestTensors.Ids([2, 15, 27, 39, 3]);
        var mask = TestTensors.Mask([1, 1, 1, 1, 1]);
        Assert.True(TestTensors.Same(expected.Forward(ids, mask).LastHiddenState, loaded.Forward(ids, mask).LastHiddenState));
        var pipeline = SentenceTransformersFolder.Read(snapshot, defaultMaxSeqLength: 128);
        Assert.Equal((TokenPooling.Cls, true, 16), (pipeline.Pooling, pipeline.HasBertPoolerDense, pipeline.MaxSeqLength));
    }

    /// <summary>Starts a download while the weights' blob lock is held as another process would hold it, runs
    /// <paramref name="whileWaiting"/> (given the blob path) once the download reports that it waits, then releases
    /// the lock and returns the finished snapshot and the blob path.</summary>
    async Task<(string Snapshot, string Blob)> DownloadWhileWeightsLocked(Recorder progress, Func<string, Task, Task> whileWaiting)
    {
        var sha = LocalHubServer.Sha256(File.ReadAllBytes(source.File("model.safetensors")));
        var blob = Path.Combine(RepoDir, "blobs", sha);
        var lockPath = Path.Combine(cache.Path, ".locks", "models--org--tiny", sha + ".lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        Task<string> download;
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            download = Task.Run(() => Download(Repo, progress: progress));
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!Waiting())
            {
                Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the download's waiting report");
                await Task.Delay(20);
            }
            await whileWaiting(blob, download);
        }
        return (await download, blob);

        bool Waiting() { lock (progress.Reports) return progress.Reports.Any(r => r.File == "model.safetensors" && r.WaitingForOtherProcess); }
    }

    [Fact]
    public async Task Download_BlobLockedByAnotherDownload_WaitsWithoutWritingThenDownloads()
    {
        var progress = new Recorder();
        var (snapshot, blob) = await DownloadWhileWeightsLocked(progress, async (blob, download) =>
        {
            await Task.Delay(300);
            Assert.False(download.IsCompleted);
            Assert.False(File.Exists(blob));
            Assert.False(File.Exists(blob + ".incomplete"));
        });
        Assert.True(File.Exists(blob));
        Assert.True(File.Exists(Path.Combine(snapshot, "model.safetensors")));
        lock (progress.Reports) Assert.False(progress.Reports.Last(r => r.File == "model.safetensors").FromCache);
    }

    [Fact]
    public async Task Download_AnotherDownloadFinishesTheBlobMeanwhile_NotFetchedAgain()
    {
        var progress = new Recorder();
        var (snapshot, blob) = await DownloadWhileWeightsLocked(progress, (blob, _) =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
            File.Copy(source.File("model.safetensors"), blob);      // the other process's finished, verified blob
            return Task.CompletedTask;
        });
        Assert.Equal(File.ReadAllBytes(source.File("model.safetensors")), File.ReadAllBytes(Path.Combine(snapshot, "model.safetensors")));
        var sha = Path.GetFileName(blob);
        var fetched = server.Requests.Where(r => r.Method == "GET" && (r.Path.EndsWith("/cdn/" + sha, StringComparison.Ordinal) || r.Path.EndsWith("/main/model.safetensors", StringComparison.Ordinal)
                                                                       || r.Path.EndsWith($"/{Commit}/model.safetensors", StringComparison.Ordinal)));
        Assert.True(!fetched.Any(), string.Join("; ", server.Requests.Select(r => $"{r.Method} {r.Path} {r.Range}")));
        lock (progress.Reports) Assert.True(progress.Reports.Last(r => r.File == "model.safetensors").FromCache);
    }

    [Fact]
    public void Download_SecondCallForTheSameRevision_MakesNoRequest()
    {
        var first = Download(Repo);
        int afterFirst = server.Requests.Count;
        Assert.True(afterFirst > 0);

        Assert.Equal(first, Download(Repo));
        Assert.Equal(first, Download($"{Repo}@{Commit}"));
        Assert.Equal(afterFirst, server.Requests.Count);
    }

    [Fact]
    public void Download_Offline_UsesTheCacheOnly_AndNamesTheCacheWhenAbsent()
    {
        var offline = Options() with { Offline = true };
        var e = Assert.Throws<ContrastiveException>(() => Download(Repo, offline));
        Assert.Contains("HF_HUB_OFFLINE", e.Message);
        Assert.Contains(RepoDir, e.Message);
        Assert.Empty(server.Requests);

        var snapshot = Download(Repo);
        int requests = server.Requests.Count;
        server.Dispose();
        Assert.Equal(snapshot, Download(Repo, offline));
        Assert.Equal(requests, server.Requests.Count);
    }

    [Fact]
    public void Download_AtACommit_AsksForTheCommitAndWritesNoBranchRef()
    {
        var snapshot = Download($"{Repo}@{Commit}");
        Assert.Equal(Path.Combine(RepoDir, "snapshots", Commit), snapshot);
        Assert.False(File.Exists(Path.Combine(RepoDir, "refs", "main")));
        Assert.All(server.Requests.Where(r => r.Path.Contains("/resolve/")), r => Assert.Contains($"/resolve/{Commit}/", r.Path));
    }

    [Fact]
    public void Download_BlobsAlreadyCachedUnderAnotherRevision_AreNotDownloadedAgain()
    {
        Download($"{Repo}@{Commit}");
        int gets = server.Requests.Count(r => r.Method == "GET");
        var snapshot = Download(Repo);   // "main" is not in refs/ yet: asked for, but every blob is there
        Assert.Equal(gets, server.Requests.Count(r => r.Method == "GET"));
        Assert.Equal(Commit, File.ReadAllText(Path.Combine(RepoDir, "refs", "main")));
        Assert.True(File.Exists(Path.Combine(snapshot, "model.safetensors")));
    }

    [Fact]
    public void Download_RenamedRepository_FollowsTheRelativeRedirect()
    {
        server.RenamedFrom = "old/tiny-name";
        var snapshot = Download("old/tiny-name");
        Assert.Equal(Path.Combine(cache.Path, "models--old--tiny-name", "snapshots", Commit), snapshot);
        Assert.True(File.Exists(Path.Combine(snapshot, "model.safetensors")));
        Assert.Contains(server.Requests, r => r.Path.StartsWith("/old/tiny-name/resolve/main/config.json"));
        Assert.Contains(server.Requests, r => r.Path.StartsWith("/org/tiny/resolve/main/config.json"));
    }

    [Fact]
    public void Download_RepositoryWithOnlyPyTorchBin_GetsTheBin_AndItLoads()
    {
        using var bert = new TempDir();
        PyTorchFixture.WriteFolder(bert.Path, "bert_prefixed.bin");
        File.WriteAllLines(bert.File("vocab.txt"), Enumerable.Range(0, 30).Select(i => $"t{i}"));
        using var hub = new LocalHubServer("princeton-nlp/tiny-simcse", Commit, FilesOf(bert.Path));

        var snapshot = Download("princeton-nlp/tiny-simcse", Options(hub));
        Assert.True(File.Exists(Path.Combine(snapshot, "pytorch_model.bin")));
        Assert.False(File.Exists(Path.Combine(snapshot, "model.safetensors")));
        Assert.False(File.Exists(Path.Combine(snapshot, "modules.json")));
        using var scope = NewDisposeScope();
        using var model = HuggingFaceBertFolder.Load(snapshot);
        Assert.Equal(8, model.Config.HiddenSize);
    }

    [Fact]
    public void Download_DroppedConnection_ResumesWithRangeAndVerifies()
    {
        server.DropConnection("model.safetensors", afterBytes: 1000, times: 2);
        var snapshot = Download(Repo);
        var expected = FilesOf(source.Path)["model.safetensors"];
        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(snapshot, "model.safetensors")));
        var gets = server.Requests.Where(r => r.Method == "GET" && r.Path.StartsWith("/cdn/") && r.Path.EndsWith(LocalHubServer.Sha256(expected))).ToList();
        Assert.Equal([null, "bytes=1000-", "bytes=2000-"], gets.Select(r => r.Range));
    }

    [Fact]
    public void Download_ConnectionDroppedOnEveryAttempt_FailsNamingTheUrl_ThenTheNextCallResumes()
    {
        server.DropConnection("model.safetensors", afterBytes: 1000, times: 3);
        var e = Assert.Throws<ContrastiveException>(() => Download(Repo));
        var sha = LocalHubServer.Sha256(FilesOf(source.Path)["model.safetensors"]);
        Assert.StartsWith($"{server.Endpoint}/cdn/{sha}: the connection dropped 3 times", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        var entries = CacheEntries();
        Assert.Contains($"blobs/{sha}.incomplete", entries);
        Assert.DoesNotContain($"blobs/{sha}", entries);
        Assert.DoesNotContain($"snapshots/{Commit}/model.safetensors", entries);
        Assert.False(File.Exists(Path.Combine(RepoDir, "refs", "main")));

        Download(Repo);
        Assert.Equal("bytes=3000-", server.Requests.Last(r => r.Method == "GET" && r.Path == $"/cdn/{sha}").Range);
        Assert.DoesNotContain(CacheEntries(), x => x.EndsWith(".incomplete"));
    }

    [Fact]
    public void Download_CorruptBody_FailsWithShaMismatch_AndLeavesNothingHalfWritten()
    {
        var good = FilesOf(source.Path)["model.safetensors"];
        var bad = (byte[])good.Clone();
        bad[^1] ^= 0xFF;
        server.Corrupt = ("model.safetensors", bad);
        var e = Assert.Throws<ContrastiveException>(() => Download(Repo));
        var sha = LocalHubServer.Sha256(good);
        Assert.StartsWith($"{server.Endpoint}/cdn/{sha}: sha256 mismatch (expected {sha}, got {Convert.ToHexStringLower(SHA256.HashData(bad))})", e.Message);
        Assert.DoesNotContain(CacheEntries(), x => x.Contains(sha));
        Assert.DoesNotContain($"snapshots/{Commit}/model.safetensors", CacheEntries());
    }

    [Fact]
    public void Download_Unauthorized_SaysToSetHfToken_AndATokenIsSent()
    {
        server.RequiredToken = "hf_secret";
        var e = Assert.Throws<ContrastiveException>(() => Download(Repo));
        Assert.Equal($"{server.Endpoint}/{Repo}/resolve/main/config.json: 401 Unauthorized: the repository is private or gated, or does not exist; set HF_TOKEN to a token that can read it.", e.Message);
        Assert.Empty(CacheEntries());

        e = Assert.Throws<ContrastiveException>(() => Download(Repo, Options() with { Token = "hf_wrong" }));
        Assert.Contains("HF_TOKEN was refused", e.Message);

        Download(Repo, Options() with { Token = "hf_secret" });
        Assert.Contains(server.Requests, r => r.Authorization == "Bearer hf_secret");
    }

    [Fact]
    public void Download_UnknownRepositoryOrRevision_Is404NamingTheUrl()
    {
        var e = Assert.Throws<ContrastiveException>(() => Download("org/absent"));
        Assert.Equal($"{server.Endpoint}/org/absent/resolve/main/config.json: 404 Not Found: repository 'org/absent' not found (or no config.json in it).", e.Message);
        e = Assert.Throws<ContrastiveException>(() => Download($"{Repo}@v9"));
        Assert.Equal($"{server.Endpoint}/{Repo}/resolve/v9/config.json: 404 Not Found: revision 'v9' not found in '{Repo}'.", e.Message);
        Assert.False(Directory.Exists(Path.Combine(cache.Path, "models--org--absent", "snapshots")));
    }

    [Fact]
    public void Download_RepositoryWithoutWeights_FailsNamingTheRepository()
    {
        var files = FilesOf(source.Path);
        files.Remove("model.safetensors");
        using var hub = new LocalHubServer(Repo, Commit, files);
        var e = Assert.Throws<ContrastiveException>(() => Download(Repo, Options(hub)));
        Assert.Equal($"{hub.Endpoint}/{Repo}/resolve/{Commit}/: the repository has neither model.safetensors nor pytorch_model.bin.", e.Message);
        Assert.False(File.Exists(Path.Combine(RepoDir, "refs", "main")));
    }

    [Theory]
    [InlineData("model.safetensors", false)]
    [InlineData("config.json", false)]
    [InlineData("model.safetensors", true)]
    public void Download_ServerError_IsRetriedThenNamesTheUrl(string file, bool onGetOnly)
    {
        if (onGetOnly) server.FailGet = (file, 500);
        else server.Fail = (file, 500);
        var e = Assert.Throws<ContrastiveException>(() => Download(Repo));
        Assert.Contains("HTTP 500 Injected (after 3 attempts).", e.Message);
        Assert.Contains(onGetOnly ? "/cdn/" : $"/{Repo}/resolve/", e.Message);
        Assert.DoesNotContain(CacheEntries(), x => x.EndsWith(".incomplete") || x.EndsWith("/" + file));
        Assert.False(File.Exists(Path.Combine(RepoDir, "refs", "main")));
    }

    [Fact]
    public void Download_NothingListening_FailsNamingTheUrlAfterRetries()
    {
        var options = Options() with { Endpoint = server.Endpoint };
        server.Dispose();
        var e = Assert.Throws<ContrastiveException>(() => Download(Repo, options));
        Assert.StartsWith($"{options.Endpoint}/{Repo}/resolve/main/config.json: no answer after 3 attempts", e.Message);
    }
}
