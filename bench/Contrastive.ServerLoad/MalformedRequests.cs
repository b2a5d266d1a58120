using System.Text;
using System.Text.Json;

namespace Contrastive.ServerLoad;

/// <summary>
/// A batch of malformed requests (invalid JSON, wrong types, empty input, too many inputs, oversized bodies with and
/// without Content-Length, unknown options) sent to every POST endpoint; each must be answered 400 with OpenAI's error
/// body <c>{"error":{"message":..., "type":"invalid_request_error"}}</c>.
/// </summary>
internal static class MalformedRequests
{
    public sealed record Outcome(string Name, string Path, int Status, bool JsonError, string Message)
    {
        public bool Ok => Status == 400 && JsonError;
    }

    public static async Task<IReadOnlyList<Outcome>> RunAsync(Uri baseUrl, int maxBatch, long maxBytes)
    {
        var oversized = "{\"input\": \"" + new string('a', (int)maxBytes + 10) + "\"}";
        var tooMany = JsonSerializer.Serialize(new { input = Enumerable.Range(0, maxBatch + 1).Select(i => $"sentence {i}").ToArray() });
        (string Name, string Path, string Body, bool Chunked)[] cases =
        [
            ("invalid JSON (truncated)", "/v1/embeddings", "{\"input\": [\"a man\", ", false),
            ("invalid JSON (not JSON)", "/v1/embeddings", "input=a man", false),
            ("empty body", "/v1/embeddings", "", false),
            ("top level not an object", "/v1/embeddings", "[\"a man\"]", false),
            ("input missing", "/v1/embeddings", "{\"model\": \"m\"}", false),
            ("input wrong type (number)", "/v1/embeddings", "{\"input\": 3}", false),
            ("input wrong type (object)", "/v1/embeddings", "{\"input\": {\"text\": \"a\"}}", false),
            ("input token arrays", "/v1/embeddings", "{\"input\": [[101, 2023, 102]]}", false),
            ("input item null", "/v1/embeddings", "{\"input\": [\"a\", null]}", false),
            ("empty input array", "/v1/embeddings", "{\"input\": []}", false),
            ("empty input string", "/v1/embeddings", "{\"input\": \"\"}", false),
            ($"too many inputs ({maxBatch + 1})", "/v1/embeddings", tooMany, false),
            ($"oversized body ({oversized.Length} bytes, Content-Length)", "/v1/embeddings", oversized, false),
            ($"oversized body ({oversized.Length} bytes, chunked)", "/v1/embeddings", oversized, true),
            ("unknown encoding_format", "/v1/embeddings", "{\"input\": \"a\", \"encoding_format\": \"int8\"}", false),
            ("dimensions 0", "/v1/embeddings", "{\"input\": \"a\", \"dimensions\": 0}", false),
            ("dimensions not an integer", "/v1/embeddings", "{\"input\": \"a\", \"dimensions\": \"64\"}", false),
            ("/embed invalid JSON", "/embed", "{inputs: 'a'}", false),
            ("/embed normalize wrong type", "/embed", "{\"inputs\": \"a\", \"normalize\": \"yes\"}", false),
            ("/embed empty inputs", "/embed", "{\"inputs\": []}", false),
            ("/similarity sentences missing", "/similarity", "{\"inputs\": {\"source_sentence\": \"a\"}}", false),
            ("/similarity inputs wrong type", "/similarity", "{\"inputs\": [\"a\", \"b\"]}", false),
            ("/search query wrong type", "/search", "{\"query\": 5}", false),
            ("/search top_k 0", "/search", "{\"query\": \"a\", \"top_k\": 0}", false),
            ("/search threshold wrong type", "/search", "{\"query\": \"a\", \"threshold\": \"high\"}", false),
            ("/search invalid JSON", "/search", "{\"query\": \"a\"", false),
        ];
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var outcomes = new List<Outcome>();
        foreach (var (name, path, body, chunked) in cases)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (chunked) request.Headers.TransferEncodingChunked = true;
            try
            {
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                string message = "";
                bool jsonError = false;
                try
                {
                    using var document = JsonDocument.Parse(text);
                    var error = document.RootElement.GetProperty("error");
                    message = error.GetProperty("message").GetString() ?? "";
                    jsonError = error.GetProperty("type").GetString() == "invalid_request_error" && message.Length > 0;
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    message = text[..Math.Min(text.Length, 120)];
                }
                outcomes.Add(new Outcome(name, path, (int)response.StatusCode, jsonError, message));
            }
            catch (HttpRequestException e)
            {
                outcomes.Add(new Outcome(name, path, 0, false, $"{e.GetType().Name}: {e.Message}"));
            }
        }
        return outcomes;
    }
}
