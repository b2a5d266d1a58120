using System.Globalization;
using System.Text.Json;
using Contrastive.ServerLoad;

// Load test for a running 'contrastive serve':
//   dotnet run -c Release --project bench/Contrastive.ServerLoad -- --url http://127.0.0.1:8080 --corpus sentences.txt \
//     [--clients 20] [--seconds 30] [--inputs 1] [--seed 1] [--json result.json]
// Prints the load result, the encoder's micro-batching counters from /info, and the malformed-request batch.
// Exit code 0 only when the load ran with zero errors and every malformed request got 400 with a JSON error body.

var options = new Dictionary<string, string>();
for (int i = 0; i + 1 < args.Length; i += 2)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal)) { Console.Error.WriteLine($"error: unexpected argument '{args[i]}'"); return 2; }
    options[args[i][2..]] = args[i + 1];
}
string Get(string name, string fallback) => options.GetValueOrDefault(name, fallback);
int GetInt(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
if (!options.TryGetValue("url", out var url) || !options.TryGetValue("corpus", out var corpusPath))
{
    Console.Error.WriteLine("usage: --url http://127.0.0.1:PORT --corpus FILE [--clients 20] [--seconds 30] [--inputs 1] [--seed 1] [--json FILE]");
    return 2;
}
var baseUrl = new Uri(url);
var sentences = File.ReadLines(corpusPath).Where(l => l.Trim().Length > 0).ToArray();

using var http = new HttpClient { BaseAddress = baseUrl };
async Task<JsonElement> InfoAsync() => JsonDocument.Parse(await http.GetStringAsync("/info")).RootElement.Clone();
var before = await InfoAsync();
Console.WriteLine($"server: {before.GetProperty("model_id")} ({before.GetProperty("dimension")} dimensions, max {before.GetProperty("max_input_length")} tokens), " +
                  $"{sentences.Length} sentences to draw from");

var test = new LoadTest(baseUrl, GetInt("clients", 20), TimeSpan.FromSeconds(GetInt("seconds", 30)), GetInt("inputs", 1), sentences, GetInt("seed", 1));
var result = await test.RunAsync();
var after = await InfoAsync();
Console.WriteLine(result.Summary());
foreach (var sample in result.ErrorSamples) Console.WriteLine($"  error: {sample}");
long Counter(string name) => after.GetProperty("encoder").GetProperty(name).GetInt64() - before.GetProperty("encoder").GetProperty(name).GetInt64();
long groups = Counter("groups"), forwardPasses = Counter("forward_passes"), requests = Counter("requests");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"encoder: {requests} requests in {groups} groups ({(groups == 0 ? 0 : (double)requests / groups):F2} requests per group: micro-batching), {forwardPasses} forward passes"));

var malformed = await MalformedRequests.RunAsync(baseUrl, before.GetProperty("max_client_batch_size").GetInt32(), before.GetProperty("max_request_bytes").GetInt64());
foreach (var m in malformed)
    Console.WriteLine($"  {(m.Ok ? "ok " : "BAD")} {m.Status} {m.Path,-15} {m.Name}: {m.Message[..Math.Min(m.Message.Length, 110)]}");
int answered400 = malformed.Count(m => m.Ok);
Console.WriteLine($"malformed requests: {answered400}/{malformed.Count} answered 400 with a JSON error body");

if (options.TryGetValue("json", out var jsonPath))
{
    File.WriteAllText(jsonPath, JsonSerializer.Serialize(new
    {
        clients = result.Clients, inputs_per_request = result.InputsPerRequest, seconds = result.Elapsed.TotalSeconds,
        requests = result.Requests, errors = result.Errors, requests_per_second = result.RequestsPerSecond,
        p50_ms = result.Percentile(0.5), p90_ms = result.Percentile(0.9), p99_ms = result.Percentile(0.99),
        encoder_groups = groups, encoder_forward_passes = forwardPasses, encoder_requests = requests,
        malformed_total = malformed.Count, malformed_answered_400 = answered400,
    }, new JsonSerializerOptions { WriteIndented = true }));
}
return result.Errors == 0 && answered400 == malformed.Count ? 0 : 1;
