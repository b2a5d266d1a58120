using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Contrastive.TestKit;

/// <summary>
/// An in-process HTTP server on 127.0.0.1 (a free port) that answers as the Hugging Face Hub does for one repository:
/// <c>HEAD|GET /{repo}/resolve/{revision}/{file}</c> with <c>X-Repo-Commit</c>; small files with their git blob
/// sha1 as <c>ETag</c>; LFS files (<c>*.safetensors</c>, <c>*.bin</c>) with a 302 to <c>/cdn/{sha256}</c> (an
/// absolute URL, which like a CDN URL signed for GET refuses HEAD with 403) carrying <c>X-Linked-Etag</c> (the sha256)
/// and <c>X-Linked-Size</c>; <c>Range</c> requests answered
/// 206; unknown repositories, revisions and files 404 with Hugging Face's <c>X-Error-Code</c>. A renamed repository
/// answers 307 with a relative <c>Location</c>. Faults (401, 500, dropped connections, corrupt bodies) are switched
/// on per test, and every request is recorded.
/// </summary>
public sealed class LocalHubServer : IDisposable
{
    public sealed record Request(string Method, string Path, string? Range, string? Authorization);

    readonly HttpListener listener = new();
    readonly Dictionary<string, byte[]> files;
    readonly ConcurrentDictionary<string, int> drops = new();

    public LocalHubServer(string repo, string commit, IReadOnlyDictionary<string, byte[]> files)
    {
        Repo = repo;
        Commit = commit;
        this.files = files.ToDictionary(kv => kv.Key, kv => kv.Value);
        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        _ = Task.Run(Serve);
    }

    public string Repo { get; }
    public string Commit { get; }
    public int Port { get; }
    public string Endpoint => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>When set, requests without <c>Authorization: Bearer {RequiredToken}</c> get 401.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>Answers every request for this file (HEAD and GET) with this status.</summary>
    public (string File, int Status)? Fail { get; set; }

    /// <summary>Answers every GET of this file's body with this status (HEAD still works).</summary>
    public (string File, int Status)? FailGet { get; set; }

    /// <summary>Serves these bytes as the body of the file while announcing the real ETag and size.</summary>
    public (string File, byte[] Body)? Corrupt { get; set; }

    /// <summary>An old name of the repository, answered with a relative 307 to the current one.</summary>
    public string? RenamedFrom { get; set; }

    /// <summary>The next <paramref name="times"/> GETs of <paramref name="file"/> send <paramref name="afterBytes"/> bytes then drop the connection.</summary>
    public void DropConnection(string file, int afterBytes, int times)
    {
        DropAfterBytes = afterBytes;
        drops[file] = times;
    }

    int DropAfterBytes { get; set; }

    public static bool IsLfs(string file) => file.EndsWith(".safetensors", StringComparison.Ordinal) || file.EndsWith(".bin", StringComparison.Ordinal);

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>git's blob id, the ETag the Hub gives non-LFS files.</summary>
    public static string GitBlobSha1(byte[] bytes) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {bytes.Length}\0"), .. bytes]));

    static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    async Task Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => Handle(context));
        }
    }

    void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            var path = Uri.UnescapeDataString(request.Url!.AbsolutePath);
            Requests.Enqueue(new Request(request.HttpMethod, path, request.Headers["Range"], request.Headers["Authorization"]));
            if (RequiredToken is not null && request.Headers["Authorization"] != $"Bearer {RequiredToken}")
            {
                Status(request, response, 401, "Unauthorized");
                return;
            }
            if (path.StartsWith("/cdn/", StringComparison.Ordinal))
            {
                if (request.HttpMethod == "HEAD") { Status(request, response, 403, "Forbidden"); return; }   // as a URL signed for GET
                var sha = path["/cdn/".Length..];
                var entry = files.FirstOrDefault(kv => IsLfs(kv.Key) && Sha256(kv.Value) == sha);
                if (entry.Key is null) Status(request, response, 404, "Not Found");
                else Body(request, response, entry.Key, entry.Value, etag: sha);
                return;
            }
            var marker = "/resolve/";
            int at = path.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) { Status(request, response, 404, "Not Found"); return; }
            var repo = path[1..at];
            var rest = path[(at + marker.Length)..];
            int slash = rest.IndexOf('/');
            var revision = slash < 0 ? rest : rest[..slash];
            var file = slash < 0 ? "" : rest[(slash + 1)..];
            if (RenamedFrom is not null && repo == RenamedFrom)
            {
                response.StatusCode = 307;
                response.Headers["Location"] = $"/{Repo}/resolve/{Uri.EscapeDataString(revision)}/{file}";
                response.Close();
                return;
            }
            if (repo != Repo) { Status(request, response, 404, "Not Found", "RepoNotFound"); return; }
            if (revision != "main" && revision != Commit) { Status(request, response, 404, "Not Found", "RevisionNotFound"); return; }
            response.Headers["X-Repo-Commit"] = Commit;
            if (Fail is { } fail && fail.File == file) { Status(request, response, fail.Status, "Injected"); return; }
            if (!files.TryGetValue(file, out var bytes)) { Status(request, response, 404, "Not Found", "EntryNotFound"); return; }
            if (IsLfs(file))
            {
                var sha = Sha256(bytes);
                response.StatusCode = 302;
                response.Headers["X-Linked-Etag"] = $"\"{sha}\"";
                response.Headers["X-Linked-Size"] = bytes.Length.ToString();
                response.Headers["Location"] = $"{Endpoint}/cdn/{sha}";
                response.Close();
                return;
            }
            Body(request, response, file, bytes, etag: GitBlobSha1(bytes));
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            try { response.Abort(); } catch (ObjectDisposedException) { }
        }
    }

    void Body(HttpListenerRequest request, HttpListenerResponse response, string file, byte[] bytes, string etag)
    {
        response.Headers["ETag"] = $"\"{etag}\"";
        response.Headers["Accept-Ranges"] = "bytes";
        if (request.HttpMethod == "HEAD")
        {
            response.ContentLength64 = bytes.Length;
            response.Close();
            return;
        }
        if (FailGet is { } fail && fail.File == file) { Status(request, response, fail.Status, "Injected"); return; }
        var body = Corrupt is { } corrupt && corrupt.File == file ? corrupt.Body : bytes;
        long from = 0;
        var range = request.Headers["Range"];
        if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-')
            && long.TryParse(range["bytes=".Length..^1], out var start))
        {
            if (start >= body.Length)
            {
                response.Headers["Content-Range"] = $"bytes */{body.Length}";
                Status(request, response, 416, "Range Not Satisfiable");
                return;
            }
            from = start;
            response.StatusCode = 206;
            response.Headers["Content-Range"] = $"bytes {from}-{body.Length - 1}/{body.Length}";
        }
        response.ContentLength64 = body.Length - from;
        var output = response.OutputStream;
        if (drops.TryGetValue(file, out var left) && left > 0)
        {
            drops[file] = left - 1;
            int send = (int)Math.Min(DropAfterBytes, body.Length - from);
            output.Write(body, (int)from, send);
            output.Flush();
            response.Abort();   // the connection goes away mid-body
            return;
        }
        output.Write(body, (int)from, (int)(body.Length - from));
        response.Close();
    }

    static void Status(HttpListenerRequest request, HttpListenerResponse response, int code, string reason, string? errorCode = null)
    {
        response.StatusCode = code;
        response.StatusDescription = reason;
        if (errorCode is not null) response.Headers["X-Error-Code"] = errorCode;
        var body = Encoding.UTF8.GetBytes($"{{\"error\":\"{reason}\"}}");
        response.ContentLength64 = body.Length;
        if (request.HttpMethod != "HEAD") response.OutputStream.Write(body);
        response.Close();
    }

    bool disposed;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        listener.Close();   // stops listening; the accept loop ends with an exception it catches
    }
}
