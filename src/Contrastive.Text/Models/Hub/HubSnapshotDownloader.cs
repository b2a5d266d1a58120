using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Contrastive.Core;

namespace Contrastive.Text.Models.Hub;

/// <summary>
/// Downloads a model from the Hugging Face Hub (or a mirror at <see cref="HubOptions.Endpoint"/>) into Hugging Face's
/// cache layout (<see cref="HubCacheRepo"/>) and returns its snapshot folder, as <c>huggingface_hub</c>'s
/// <c>hf_hub_download</c> does file by file: <c>HEAD {endpoint}/{repo}/resolve/{revision}/{file}</c> gives
/// <c>X-Repo-Commit</c> and <c>ETag</c> (<c>X-Linked-Etag</c>, the sha256, for LFS files), following relative
/// redirects (and absolute ones only when they lack that metadata: an LFS file's CDN URL is fetched by the GET);
/// a <c>GET</c> then writes <c>blobs/&lt;etag&gt;.incomplete</c>, resumed with <c>Range</c> after a dropped
/// connection, checked against the size and (LFS) the sha256, and renamed into place only when complete.
/// <para>Files: <see cref="RootFiles"/> when present (config.json is required), <c>model.safetensors</c> else
/// <c>pytorch_model.bin</c> (one is required), and for each module <c>modules.json</c> lists in a sub-folder its
/// <c>config.json</c> and weights when present. The first file is asked for at the revision; the others at the
/// commit it resolved to, so a snapshot never mixes commits. A revision already in the cache (<c>refs/</c> and a
/// loadable snapshot) is returned without any request; with <see cref="HubOptions.Offline"/> nothing else is.</para>
/// </summary>
public sealed class HubSnapshotDownloader : IDisposable
{
    /// <summary>Files of the model folder fetched when the repository has them; the weights come after these.</summary>
    public static readonly IReadOnlyList<string> RootFiles =
    [
        "vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
        "modules.json", "sentence_bert_config.json", "config_sentence_transformers.json",
    ];

    /// <summary>The weight files, in order of preference.</summary>
    public static readonly IReadOnlyList<string> WeightFiles = [HuggingFaceBertFolder.WeightsFileName, PyTorchCheckpoint.FileName];

    const int MaxRedirects = 10;

    readonly HubOptions options;
    readonly HttpClient http;
    readonly Uri endpoint;

    public HubSnapshotDownloader(HubOptions? options = null)
    {
        this.options = (options ?? HubOptions.FromEnvironment()).Validate();
        endpoint = new Uri(this.options.Endpoint.TrimEnd('/') + "/");
        http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,   // followed by hand: the token goes to the endpoint's host only
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = this.options.Timeout,
        })
        { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("contrastive/1.0");
    }

    public HubOptions Options => options;

    public void Dispose() => http.Dispose();

    /// <summary>Synchronous <see cref="DownloadAsync"/>.</summary>
    public string Download(string modelId, IProgress<HubDownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        DownloadAsync(modelId, progress, cancellationToken).GetAwaiter().GetResult();

    /// <summary>
    /// The snapshot folder of <paramref name="modelId"/> (<c>org/name[@revision]</c>), downloading what the cache lacks.
    /// Every failure is a <see cref="ContrastiveException"/> with one line naming the URL or the cache folder.
    /// </summary>
    public async Task<string> DownloadAsync(string modelId, IProgress<HubDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var id = HubModelId.Parse(modelId);
        var cache = new HubCacheRepo(options.CacheDir, id);
        if (cache.FindSnapshot(id.Revision) is { } cached) return cached;
        if (options.Offline)
            throw new ContrastiveException($"{id}: not in the Hugging Face cache {cache.Root} and HF_HUB_OFFLINE is set; download it once without HF_HUB_OFFLINE.");

        var config = await HeadAsync(id, id.Revision, HuggingFaceBertFolder.ConfigFileName, required: true, cancellationToken)
                     ?? throw new InvalidOperationException("a required file returned no metadata");
        var commit = config.Commit;
        await FetchAsync(cache, config, progress, cancellationToken);
        foreach (var file in RootFiles)
            await FetchIfPresentAsync(id, cache, commit, file, progress, cancellationToken);
        if (!await FetchFirstPresentAsync(id, cache, commit, "", progress, cancellationToken))
            throw new ContrastiveException($"{ResolveUrl(id.Repo, commit, "")}: the repository has neither {string.Join(" nor ", WeightFiles)}.");

        var snapshot = cache.SnapshotDir(commit);
        foreach (var module in ModuleFolders(Path.Combine(snapshot, "modules.json")))
        {
            Directory.CreateDirectory(Path.Combine(snapshot, module));   // e.g. Normalize has no files
            await FetchIfPresentAsync(id, cache, commit, $"{module}/config.json", progress, cancellationToken);
            await FetchFirstPresentAsync(id, cache, commit, module + "/", progress, cancellationToken);
        }
        cache.WriteRef(id.Revision, commit);
        return snapshot;
    }

    async Task FetchIfPresentAsync(HubModelId id, HubCacheRepo cache, string commit, string file, IProgress<HubDownloadProgress>? progress, CancellationToken ct)
    {
        if (await HeadAsync(id, commit, file, required: false, ct) is { } meta) await FetchAsync(cache, meta, progress, ct);
    }

    /// <summary>Fetches the first of <see cref="WeightFiles"/> present under <paramref name="prefix"/>; false when none is.</summary>
    async Task<bool> FetchFirstPresentAsync(HubModelId id, HubCacheRepo cache, string commit, string prefix, IProgress<HubDownloadProgress>? progress, CancellationToken ct)
    {
        foreach (var weights in WeightFiles)
        {
            if (await HeadAsync(id, commit, prefix + weights, required: false, ct) is not { } meta) continue;
            await FetchAsync(cache, meta, progress, ct);
            return true;
        }
        return false;
    }

    /// <summary>The sub-folders (<c>path</c>) of the modules a sentence-transformers <c>modules.json</c> lists.</summary>
    static IEnumerable<string> ModuleFolders(string modulesJson)
    {
        if (!File.Exists(modulesJson)) return [];
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(modulesJson));
            var folders = new List<string>();
            foreach (var module in doc.RootElement.EnumerateArray())
            {
                if (!module.TryGetProperty("path", out var p) || p.ValueKind != JsonValueKind.String) continue;
                var path = p.GetString()!.Trim('/');
                if (path.Length == 0) continue;
                if (path.Split('/').Any(s => s is "" or "." or ".." || s.Contains('\\')))
                    throw new ContrastiveException($"{modulesJson}: module path '{path}' leaves the model folder.");
                folders.Add(path);
            }
            return folders;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ContrastiveException($"{modulesJson}: not a sentence-transformers modules.json ({e.Message}).");
        }
    }

    Uri ResolveUrl(string repo, string revision, string file) =>
        new(endpoint, $"{repo}/resolve/{Uri.EscapeDataString(revision)}/{string.Join('/', file.Split('/').Select(Uri.EscapeDataString))}");

    /// <summary>HEAD with redirects followed; null for an absent optional file.</summary>
    async Task<HubFileMetadata?> HeadAsync(HubModelId id, string revision, string file, bool required, CancellationToken ct)
    {
        var url = ResolveUrl(id.Repo, revision, file);
        string? commit = null, linkedEtag = null;
        long? linkedSize = null;
        var current = url;
        for (int hop = 0; ; hop++)
        {
            using var response = await SendAsync(HttpMethod.Head, current, rangeFrom: null, url, ct);
            commit ??= Header(response, "X-Repo-Commit");
            linkedEtag ??= Header(response, "X-Linked-Etag");
            linkedSize ??= long.TryParse(Header(response, "X-Linked-Size"), out var s) ? s : null;
            if (IsRedirect(response.StatusCode))
            {
                var target = RedirectTarget(response, current, url, hop);
                // As huggingface_hub: a relative redirect (a renamed repository) is followed; an absolute one (an LFS
                // file's CDN URL, often signed for GET only) is not when it already carries the file's metadata.
                bool relative = response.Headers.Location is { IsAbsoluteUri: false };
                var redirectEtag = linkedEtag ?? response.Headers.ETag?.Tag;
                if (!relative && commit is not null && redirectEtag is not null)
                    return Metadata(url, file, commit, redirectEtag, linkedSize, target);
                current = target;
                continue;
            }
            if (response.StatusCode == HttpStatusCode.NotFound && !required && Header(response, "X-Error-Code") is not ("RepoNotFound" or "RevisionNotFound"))
                return null;
            ThrowIfFailed(response, url, id, revision, file);
            return Metadata(url, file, commit, linkedEtag ?? response.Headers.ETag?.Tag ?? Header(response, "ETag"), linkedSize ?? response.Content.Headers.ContentLength, current);
        }
    }

    HubFileMetadata Metadata(Uri url, string file, string? commit, string? rawEtag, long? size, Uri downloadUrl)
    {
        var etag = NormalizeEtag(rawEtag);
        if (commit is null || !HubModelId.CommitPattern().IsMatch(commit))
            throw new ContrastiveException($"{url}: the answer has no X-Repo-Commit commit hash; is {options.Endpoint} a Hugging Face Hub endpoint?");
        if (etag is null || etag.Length == 0 || etag.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw new ContrastiveException($"{url}: the answer has no usable ETag{(etag is null ? "" : $" ('{etag}')")}.");
        return new HubFileMetadata(file, commit, etag, size, downloadUrl);
    }

    /// <summary>Downloads the blob of <paramref name="meta"/> unless the cache has it, then links it into the snapshot.</summary>
    async Task FetchAsync(HubCacheRepo cache, HubFileMetadata meta, IProgress<HubDownloadProgress>? progress, CancellationToken ct)
    {
        var blob = cache.BlobPath(meta.Etag);
        bool downloaded = false;
        if (!File.Exists(blob))
        {
            await using var held = await LockAsync(cache.LockPath(meta.Etag), meta, progress, ct);
            if (!File.Exists(blob))
            {
                await DownloadBlobAsync(meta, blob, progress, ct);
                downloaded = true;
            }
        }
        if (!downloaded) progress?.Report(new HubDownloadProgress(meta.File, new FileInfo(blob).Length, meta.Size, FromCache: true));
        cache.Link(meta.Commit, meta.File, meta.Etag);
    }

    /// <summary>The blob's download lock: an exclusive lock on <paramref name="path"/> (created when missing, never
    /// deleted, as huggingface_hub leaves its own), waited for as long as another process or download holds it;
    /// Ctrl+C (<paramref name="ct"/>) ends the wait.</summary>
    static async Task<FileStream> LockAsync(string path, HubFileMetadata meta, IProgress<HubDownloadProgress>? progress, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        for (bool reported = false; ; )
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                if (!reported) progress?.Report(new HubDownloadProgress(meta.File, 0, meta.Size, WaitingForOtherProcess: true));
                reported = true;
                await Task.Delay(LockPollInterval, ct);
            }
        }
    }

    /// <summary>How often a download waiting for another one's lock tries again.</summary>
    static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(100);

    async Task DownloadBlobAsync(HubFileMetadata meta, string blob, IProgress<HubDownloadProgress>? progress, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        var incomplete = HubCacheRepo.IncompletePath(blob);
        var url = meta.DownloadUrl;
        for (int attempt = 1; ; attempt++)
        {
            long have = File.Exists(incomplete) ? new FileInfo(incomplete).Length : 0;
            if (meta.Size is long size && have >= size)
            {
                if (have == size) break;
                HubCacheRepo.TryDelete(incomplete);
                have = 0;
            }
            try
            {
                await GetIntoAsync(meta, url, incomplete, have, progress, ct);
                break;
            }
            catch (Exception e) when (IsTransient(e, ct))
            {
                if (attempt >= options.MaxAttempts)
                {
                    long kept = File.Exists(incomplete) ? new FileInfo(incomplete).Length : 0;
                    throw new ContrastiveException($"{url}: the connection dropped {attempt} times ({Message(e)}); {kept} of {meta.Size?.ToString() ?? "?"} bytes are kept in {incomplete} and resumed on the next try.");
                }
                await Task.Delay(RetryDelay(attempt), ct);
            }
        }
        Verify(meta, url, incomplete);
        File.Move(incomplete, blob, overwrite: true);
    }

    async Task GetIntoAsync(HubFileMetadata meta, Uri url, string incomplete, long have, IProgress<HubDownloadProgress>? progress, CancellationToken ct)
    {
        var current = url;
        for (int hop = 0; ; hop++)
        {
            using var response = await SendAsync(HttpMethod.Get, current, have > 0 ? have : null, url, ct);
            if (IsRedirect(response.StatusCode))
            {
                current = RedirectTarget(response, current, url, hop);
                continue;
            }
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && have > 0)
            {
                HubCacheRepo.TryDelete(incomplete);   // the partial file does not fit the blob: start again
                have = 0;
                continue;
            }
            ThrowIfFailed(response, url, null, null, meta.File);
            bool append = have > 0 && response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == have;
            if (!append) have = 0;
            await using var file = new FileStream(incomplete, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[1 << 16];
            progress?.Report(new HubDownloadProgress(meta.File, have, meta.Size));
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
            while (true)
            {
                idle.CancelAfter(options.Timeout);
                int n = await body.ReadAsync(buffer, idle.Token);
                if (n == 0) break;
                await file.WriteAsync(buffer.AsMemory(0, n), ct);
                have += n;
                progress?.Report(new HubDownloadProgress(meta.File, have, meta.Size));
            }
            await file.FlushAsync(ct);
            file.Flush(flushToDisk: true);
            return;
        }
    }

    /// <summary>Size and (LFS) sha256 of the finished download; a mismatch deletes it.</summary>
    static void Verify(HubFileMetadata meta, Uri url, string incomplete)
    {
        long length = new FileInfo(incomplete).Length;
        if (meta.Size is long size && length != size)
        {
            HubCacheRepo.TryDelete(incomplete);
            throw new ContrastiveException($"{url}: downloaded {length} bytes but the server announced {size}; the download was discarded.");
        }
        if (!meta.EtagIsSha256) return;
        string actual;
        using (var stream = File.OpenRead(incomplete)) actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (actual == meta.Etag.ToLowerInvariant()) return;
        HubCacheRepo.TryDelete(incomplete);
        throw new ContrastiveException($"{url}: sha256 mismatch (expected {meta.Etag.ToLowerInvariant()}, got {actual}); the download was discarded.");
    }

    /// <summary>
    /// One request with retries on dropped connections, timeouts and 429/5xx; the last failing answer is returned.
    /// <paramref name="named"/> is the URL the error messages name (the resolve URL, not a redirect target).
    /// </summary>
    async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, long? rangeFrom, Uri named, CancellationToken ct)
    {
        for (int attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
            if (options.Token is not null && url.Host == endpoint.Host && url.Port == endpoint.Port && url.Scheme == endpoint.Scheme)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
            if (rangeFrom is long from) request.Headers.Range = new RangeHeaderValue(from, null);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Timeout);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
            catch (Exception e) when (IsTransient(e, ct))
            {
                if (attempt >= options.MaxAttempts)
                    throw new ContrastiveException($"{named}: no answer after {attempt} attempts ({Message(e)}).");
                await Task.Delay(RetryDelay(attempt), ct);
                continue;
            }
            int code = (int)response.StatusCode;
            if ((code == 429 || code >= 500) && attempt < options.MaxAttempts)
            {
                response.Dispose();
                await Task.Delay(RetryDelay(attempt), ct);
                continue;
            }
            response.RequestMessage ??= request;
            ReportAttempts(response, attempt);
            return response;
        }
    }

    static readonly HttpRequestOptionsKey<int> AttemptsKey = new("contrastive.attempts");

    static void ReportAttempts(HttpResponseMessage response, int attempts) => response.RequestMessage?.Options.Set(AttemptsKey, attempts);

    static int Attempts(HttpResponseMessage response) =>
        response.RequestMessage?.Options.TryGetValue(AttemptsKey, out var n) == true ? n : 1;

    void ThrowIfFailed(HttpResponseMessage response, Uri url, HubModelId? id, string? revision, string file)
    {
        if (response.IsSuccessStatusCode) return;
        int code = (int)response.StatusCode;
        var errorCode = Header(response, "X-Error-Code");
        var message = code switch
        {
            401 or 403 => options.Token is null
                ? $"{code} {response.ReasonPhrase}: the repository is private or gated, or does not exist; set HF_TOKEN to a token that can read it."
                : $"{code} {response.ReasonPhrase}: HF_TOKEN was refused; check that the token is valid and can read this repository.",
            404 when errorCode == "RepoNotFound" || (errorCode is null && id is not null && file == HuggingFaceBertFolder.ConfigFileName) =>
                $"404 Not Found: repository '{id?.Repo}' not found (or no config.json in it).",
            404 when errorCode == "RevisionNotFound" => $"404 Not Found: revision '{revision}' not found in '{id?.Repo}'.",
            404 => $"404 Not Found: no file '{file}' in the repository.",
            _ => $"HTTP {code} {response.ReasonPhrase}{(Attempts(response) > 1 ? $" (after {Attempts(response)} attempts)" : "")}.",
        };
        throw new ContrastiveException($"{url}: {message}");
    }

    static bool IsRedirect(HttpStatusCode code) => (int)code is 301 or 302 or 303 or 307 or 308;

    static Uri RedirectTarget(HttpResponseMessage response, Uri current, Uri named, int hop)
    {
        if (hop >= MaxRedirects) throw new ContrastiveException($"{named}: more than {MaxRedirects} redirects.");
        var location = response.Headers.Location ?? throw new ContrastiveException($"{named}: redirect {(int)response.StatusCode} without a Location header.");
        var target = location.IsAbsoluteUri ? location : new Uri(current, location);
        if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
            throw new ContrastiveException($"{named}: redirect to a non-http URL ({target}).");
        return target;
    }

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? values.FirstOrDefault()
            : null;

    /// <summary>Strips a weak-validator prefix and the quotes, as huggingface_hub does.</summary>
    static string? NormalizeEtag(string? etag) => etag is null ? null : (etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag).Trim('"');

    static bool IsTransient(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested && e is HttpRequestException or IOException or OperationCanceledException;

    static string Message(Exception e) => e is OperationCanceledException ? "timed out" : e.Message.ReplaceLineEndings(" ");

    TimeSpan RetryDelay(int attempt) => options.RetryDelay * Math.Pow(2, Math.Min(attempt - 1, 5));
}
