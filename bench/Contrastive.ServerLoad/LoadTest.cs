using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Contrastive.ServerLoad;

/// <summary>
/// <c>Clients</c> concurrent clients, each sending <c>POST /v1/embeddings</c> with <c>InputsPerRequest</c> sentences
/// (drawn with a seeded <see cref="Random"/> per client) back to back for <c>Duration</c>; every answer must be 200 with
/// one embedding per input, anything else counts as an error.
/// </summary>
internal sealed record LoadTest(Uri BaseUrl, int Clients, TimeSpan Duration, int InputsPerRequest, IReadOnlyList<string> Sentences, int Seed)
{
    public async Task<LoadTestResult> RunAsync()
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        for (int i = 0; i < 3; i++) await SendAsync(http, new Random(Seed - 1 - i));   // warm-up: JIT, connection

        var stopwatch = Stopwatch.StartNew();
        var perClient = await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(Seed + c);
            var latencies = new List<double>();
            int errors = 0;
            var errorSamples = new List<string>();
            while (stopwatch.Elapsed < Duration)
            {
                var started = stopwatch.Elapsed;
                var error = await SendAsync(http, random);
                latencies.Add((stopwatch.Elapsed - started).TotalMilliseconds);
                if (error is null) continue;
                errors++;
                if (errorSamples.Count < 3) errorSamples.Add(error);
            }
            return (latencies, errors, errorSamples);
        })));
        var elapsed = stopwatch.Elapsed;
        return new LoadTestResult(
            Clients, InputsPerRequest, elapsed,
            perClient.SelectMany(c => c.latencies).Order().ToArray(),
            perClient.Sum(c => c.errors),
            perClient.SelectMany(c => c.errorSamples).Take(5).ToArray());
    }

    /// <summary>One request; null when it succeeded, else what went wrong.</summary>
    async Task<string?> SendAsync(HttpClient http, Random random)
    {
        var inputs = Enumerable.Range(0, InputsPerRequest).Select(_ => Sentences[random.Next(Sentences.Count)]).ToArray();
        var json = JsonSerializer.Serialize(new { input = inputs, model = "load-test" });
        try
        {
            using var response = await http.PostAsync("/v1/embeddings", new StringContent(json, Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode != 200) return $"HTTP {(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}";
            using var document = JsonDocument.Parse(body);
            int count = document.RootElement.GetProperty("data").GetArrayLength();
            return count == inputs.Length ? null : $"{count} embeddings for {inputs.Length} inputs";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }
}
