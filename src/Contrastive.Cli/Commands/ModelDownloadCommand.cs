using System.CommandLine;
using Contrastive.Text.Models.Hub;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive model download org/name[@revision]</c>: fetches a model from the Hugging Face Hub into Hugging
/// Face's cache (<see cref="HubSnapshotDownloader"/>) and prints its snapshot folder on stdout, the per-file progress
/// on stderr. <c>HF_HOME</c>, <c>HF_HUB_CACHE</c>, <c>HF_ENDPOINT</c>, <c>HF_TOKEN</c> and <c>HF_HUB_OFFLINE</c> apply;
/// the options override the first four's effect. Meant to sit under the <c>model</c> command group.
/// </summary>
public static class ModelDownloadCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "Hub model id: org/name, optionally @revision (branch, tag or commit)." };
        var cacheDir = new Option<string?>("--cache-dir") { Description = "Hub cache folder (default: $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub)." };
        var endpoint = new Option<string?>("--endpoint") { Description = "Hub URL (default: $HF_ENDPOINT, else https://huggingface.co)." };
        var offline = new Option<bool>("--offline") { Description = "Use the cache only, no request (as HF_HUB_OFFLINE=1)." };

        var download = new Command("download", "Download a model from the Hugging Face Hub into its cache and print the snapshot folder.")
        {
            model, cacheDir, endpoint, offline,
        };
        download.SetAction(p =>
        {
            var options = HubOptions.FromEnvironment();
            if (p.GetValue(cacheDir) is { } dir) options = options with { CacheDir = Path.GetFullPath(dir) };
            if (p.GetValue(endpoint) is { } url) options = options with { Endpoint = url.TrimEnd('/') };
            if (p.GetValue(offline)) options = options with { Offline = true };
            if (!options.Offline) OutputPath.Folder(options.CacheDir, p.GetValue(cacheDir) is null ? "the Hub cache folder" : "--cache-dir");
            using var downloader = new HubSnapshotDownloader(options);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            var snapshot = console.Progress().Start(ctx => downloader.Download(p.GetValue(model)!, new ProgressTasks(ctx)));
            p.InvocationConfiguration.Output.WriteLine(snapshot);
            return 0;
        });
        return download;
    }

    /// <summary>One progress bar per file, created when the file's first report arrives.</summary>
    sealed class ProgressTasks(ProgressContext context) : IProgress<HubDownloadProgress>
    {
        readonly Dictionary<string, ProgressTask> tasks = [];

        public void Report(HubDownloadProgress value)
        {
            lock (tasks)
            {
                if (!tasks.TryGetValue(value.File, out var task))
                    tasks[value.File] = task = context.AddTask(value.FromCache ? $"{value.File} (cached)" : value.File, maxValue: Math.Max(1, value.TotalBytes ?? value.BytesDone));
                if (value.WaitingForOtherProcess) task.Description = $"{value.File} (waiting for another download)";
                else if (value.FromCache && task.Description != $"{value.File} (cached)") task.Description = $"{value.File} (another download's)";
                if (value.TotalBytes is null && value.BytesDone > task.MaxValue) task.MaxValue = value.BytesDone;
                task.Value = value.BytesDone;
            }
        }
    }
}
