using Contrastive.Core.Serialization;

namespace Contrastive.Text.Models.Hub;

/// <summary>
/// One model's folder in Hugging Face's cache, laid out as <c>huggingface_hub</c> does so that Python and this
/// library share it: <c>models--org--name/blobs/&lt;etag&gt;</c> (file contents, named by ETag; sha256 for LFS files),
/// <c>snapshots/&lt;commit&gt;/&lt;file&gt;</c> (relative symbolic links to the blobs, copies where links are not
/// possible) and <c>refs/&lt;revision&gt;</c> (the commit a branch or tag pointed to, no newline).
/// A blob appears only complete (downloaded as <c>&lt;etag&gt;.incomplete</c>, renamed when verified) and a snapshot
/// entry only once its blob exists. A blob is downloaded under an exclusive lock on
/// <c>.locks/models--org--name/&lt;etag&gt;.lock</c> (huggingface_hub's place for it), so two processes sharing the
/// cache never write the same <c>.incomplete</c> file: the second waits, then finds the blob.
/// </summary>
internal sealed class HubCacheRepo(string cacheDir, HubModelId id)
{
    public string Root { get; } = Path.Combine(cacheDir, id.CacheFolderName);

    public string LockPath(string etag) => Path.Combine(cacheDir, ".locks", id.CacheFolderName, etag + ".lock");

    public string BlobsDir => Path.Combine(Root, "blobs");

    public string BlobPath(string etag) => Path.Combine(BlobsDir, etag);

    public static string IncompletePath(string blobPath) => blobPath + ".incomplete";

    public string SnapshotDir(string commit) => Path.Combine(Root, "snapshots", commit);

    string RefPath(string revision) => Path.Combine(Root, "refs", revision.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The commit <paramref name="revision"/> resolves to in the cache, or null when unknown.</summary>
    public string? ResolveCommit(string revision)
    {
        if (HubModelId.CommitPattern().IsMatch(revision)) return revision;
        var path = RefPath(revision);
        if (!File.Exists(path)) return null;
        var commit = File.ReadAllText(path).Trim();
        return HubModelId.CommitPattern().IsMatch(commit) ? commit : null;
    }

    /// <summary>
    /// The snapshot folder of <paramref name="revision"/> when the cache holds a loadable model for it (config.json and
    /// a weights file whose links resolve), else null. Makes no request.
    /// </summary>
    public string? FindSnapshot(string revision)
    {
        var commit = ResolveCommit(revision);
        if (commit is null) return null;
        var dir = SnapshotDir(commit);
        bool usable = File.Exists(Path.Combine(dir, HuggingFaceBertFolder.ConfigFileName))
                      && (File.Exists(Path.Combine(dir, HuggingFaceBertFolder.WeightsFileName)) || File.Exists(Path.Combine(dir, PyTorchCheckpoint.FileName)));
        return usable ? dir : null;
    }

    public void WriteRef(string revision, string commit)
    {
        if (revision == commit) return;
        AtomicFile.WriteAllText(RefPath(revision), commit);
    }

    /// <summary>Makes <c>snapshots/&lt;commit&gt;/&lt;file&gt;</c> point at the blob <paramref name="etag"/> (replacing an older entry atomically).</summary>
    public string Link(string commit, string file, string etag)
    {
        var target = Path.Combine(SnapshotDir(commit), file.Replace('/', Path.DirectorySeparatorChar));
        var dir = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(dir);
        var blob = BlobPath(etag);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.CreateSymbolicLink(tmp, Path.GetRelativePath(dir, blob));
            File.Move(tmp, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            TryDelete(tmp);
            AtomicFile.Write(target, s => { using var source = File.OpenRead(blob); source.CopyTo(s); });
        }
        return target;
    }

    public static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
