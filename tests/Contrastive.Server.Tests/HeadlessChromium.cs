using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Contrastive.Server.Tests;

/// <summary>
/// A real headless Chromium (Debian's <c>chromium</c>, started with <c>--headless --no-sandbox</c>) driven through the
/// Chrome DevTools Protocol over a WebSocket: navigate, type with <c>Input.insertText</c>, press keys and click with
/// <c>Input.dispatch*Event</c>, read the DOM with <c>Runtime.evaluate</c>. The debugging port is chosen by Chromium
/// (<c>--remote-debugging-port=0</c>) and read from <c>DevToolsActivePort</c> in the profile folder.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string DefaultPath = "/usr/bin/chromium";

    readonly Process _process;
    readonly TempDir _profile;
    readonly ClientWebSocket _socket;
    readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    readonly CancellationTokenSource _stop = new();
    readonly Task _receiver;
    int _nextId;

    HeadlessChromium(Process process, TempDir profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
        _receiver = Task.Run(ReceiveAsync);
    }

    public static bool IsInstalled(string path = DefaultPath) => File.Exists(path);

    public static async Task<HeadlessChromium> StartAsync(string path = DefaultPath)
    {
        var profile = new TempDir();
        var start = new ProcessStartInfo(path)
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                     "--disable-extensions", "--remote-debugging-port=0", $"--user-data-dir={profile.Path}", "about:blank",
                 })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{path} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var portFile = profile.File("DevToolsActivePort");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            int port = 0;
            while (port == 0)
            {
                if (DateTime.UtcNow > deadline || process.HasExited)
                    throw new TimeoutException($"{path} wrote no {portFile} (exited: {process.HasExited}).");
                if (File.Exists(portFile) && File.ReadAllLines(portFile) is [var first, ..] && int.TryParse(first, out var p)) port = p;
                else await Task.Delay(50);
            }
            using var http = new HttpClient();
            using var targets = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"));
            var page = targets.RootElement.EnumerateArray().First(t => t.GetProperty("type").GetString() == "page");
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(page.GetProperty("webSocketDebuggerUrl").GetString()!), CancellationToken.None);
            return new HeadlessChromium(process, profile, socket);
        }
        catch
        {
            Kill(process);
            profile.Dispose();
            throw;
        }
    }

    /// <summary>Sends one DevTools command and returns its <c>result</c>.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        return await reply.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>The value of a JavaScript expression (promises awaited); an exception in the page is rethrown here.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true });
        if (result.TryGetProperty("exceptionDetails", out var details))
            throw new InvalidOperationException($"{expression} threw in the page: {details}");
        return result.GetProperty("result").TryGetProperty("value", out var value) ? value : default;
    }

    /// <summary>Polls <paramref name="condition"/> (a JavaScript expression) until it is true.</summary>
    public async Task WaitUntilAsync(string condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while ((await EvaluateAsync($"Boolean({condition})")).ValueKind != JsonValueKind.True)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The page never satisfied: {condition}");
            await Task.Delay(50);
        }
    }

    /// <summary>Loads <paramref name="url"/> afresh (also when it is the current page) and waits until it has loaded.</summary>
    public async Task NavigateAsync(string url)
    {
        await EvaluateAsync("window.__stale = true");          // gone once the new document replaces this one
        await SendAsync("Page.navigate", new { url });
        await WaitUntilAsync($"!window.__stale && location.href.startsWith({JsonSerializer.Serialize(url)}) && document.readyState === 'complete'");
    }

    /// <summary>Types <paramref name="text"/> into the focused element, as a keyboard would.</summary>
    public Task TypeAsync(string text) => SendAsync("Input.insertText", new { text });

    public async Task PressEnterAsync()
    {
        await SendAsync("Input.dispatchKeyEvent", new { type = "keyDown", key = "Enter", code = "Enter", windowsVirtualKeyCode = 13, text = "\r" });
        await SendAsync("Input.dispatchKeyEvent", new { type = "keyUp", key = "Enter", code = "Enter", windowsVirtualKeyCode = 13 });
    }

    /// <summary>A left click in the middle of the element matched by <paramref name="selector"/>.</summary>
    public async Task ClickAsync(string selector)
    {
        var box = await EvaluateAsync(
            $"(() => {{ const r = document.querySelector({JsonSerializer.Serialize(selector)}).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()");
        double x = box[0].GetDouble(), y = box[1].GetDouble();
        await SendAsync("Input.dispatchMouseEvent", new { type = "mousePressed", x, y, button = "left", clickCount = 1 });
        await SendAsync("Input.dispatchMouseEvent", new { type = "mouseReleased", x, y, button = "left", clickCount = 1 });
    }

    async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage) continue;
                using var document = JsonDocument.Parse(message.ToArray());
                message.SetLength(0);
                var root = document.RootElement;
                if (!root.TryGetProperty("id", out var idElement) || !_pending.TryRemove(idElement.GetInt32(), out var reply)) continue;  // an event
                if (root.TryGetProperty("error", out var error))
                    reply.TrySetException(new InvalidOperationException($"DevTools error: {error}"));
                else
                    reply.TrySetResult(root.GetProperty("result").Clone());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        foreach (var reply in _pending.Values) reply.TrySetException(new InvalidOperationException("The DevTools connection closed."));
    }

    static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _receiver;
        }
        catch (OperationCanceledException)
        {
        }
        _socket.Dispose();
        Kill(_process);
        _profile.Dispose();
        _stop.Dispose();
    }
}
