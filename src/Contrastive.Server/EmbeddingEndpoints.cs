using System.Reflection;
using System.Text.Json;
using Contrastive.Embeddings;
using Contrastive.Embeddings.Indexes;
using Contrastive.Text.Pooling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static TorchSharp.torch;

namespace Contrastive.Server;

/// <summary>
/// The HTTP API. Every POST body is one JSON object read by <see cref="JsonRequestBody"/>; every model call goes
/// through the <see cref="EncodingQueue"/>.
/// <list type="bullet">
/// <item><c>POST /v1/embeddings</c> (OpenAI): <c>{"input": string | string[], "model"?, "encoding_format"?: "float" |
/// "base64", "dimensions"?, "user"?}</c>; unit-length embeddings (truncated to <c>dimensions</c> and re-normalised).</item>
/// <item><c>POST /embed</c> (text-embeddings-inference): <c>{"inputs": string | string[], "normalize"?: true,
/// "truncate"?, "dimensions"?}</c> → <c>[[...], ...]</c>. Inputs longer than the model's maximum length are always
/// truncated.</item>
/// <item><c>POST /similarity</c>: text-embeddings-inference's <c>{"inputs": {"source_sentence": s, "sentences": [...]}}</c>
/// → <c>[cos(s, sentence_j)]</c>; or the SimCSE tool's <c>{"queries": string | string[], "keys": string | string[]}</c>
/// → the N x M matrix <c>[[cos(query_i, key_j)]]</c>.</item>
/// <item><c>POST /search</c>: <c>{"query": string} | {"queries": string[]}, "top_k"?: 5, "threshold"?: 0.6</c> →
/// <see cref="SearchResponse"/> (the SimCSE tool's defaults); needs an index.</item>
/// <item><c>GET /health</c>, <c>GET /info</c> (<see cref="ServerInfo"/>), <c>GET /v1/models</c> (OpenAI's list, with
/// the one served model), <c>GET /</c> (the search page).</item>
/// </list>
/// </summary>
internal sealed class EmbeddingEndpoints(SentenceEmbedder embedder, EncodingQueue queue, EmbeddingServerOptions options, string modelId)
{
    // Relaxed escaping: the bodies are JSON, never HTML, and error messages stay readable ('input', not \u0027input\u0027).
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    static readonly string Version =
        typeof(EmbeddingEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";

    public void Map(WebApplication app)
    {
        app.MapGet("/", SearchPage.WriteAsync);
        app.MapGet("/health", (HttpContext c) => WriteJsonAsync(c, new { status = "ok" }));
        app.MapGet("/info", (HttpContext c) => WriteJsonAsync(c, Info()));
        app.MapGet("/v1/models", (HttpContext c) => WriteJsonAsync(c, new
        {
            @object = "list",
            data = new[] { new { id = modelId, @object = "model", created = 0, owned_by = "contrastive" } },
        }));
        app.MapPost("/v1/embeddings", (HttpContext c) => HandleAsync(c, OpenAiEmbeddingsAsync));
        app.MapPost("/embed", (HttpContext c) => HandleAsync(c, EmbedAsync));
        app.MapPost("/similarity", (HttpContext c) => HandleAsync(c, SimilarityAsync));
        app.MapPost("/search", (HttpContext c) => HandleAsync(c, SearchAsync));
    }

    async Task HandleAsync(HttpContext context, Func<JsonElement, Task<object>> handler)
    {
        using var body = await JsonRequestBody.ReadAsync(context.Request, options.MaxRequestBytes, context.RequestAborted);
        var result = await handler(body.RootElement);
        await WriteJsonAsync(context, result);
    }

    internal static async Task WriteJsonAsync(HttpContext context, object value, int statusCode = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, value.GetType(), Json, context.RequestAborted);
    }

    ServerInfo Info()
    {
        var index = embedder.Index;
        return new ServerInfo(
            modelId, null, "float32",
            new ServerModelType(new ServerEmbeddingType(embedder.Encoder.Pipeline.SimCsePooler?.ToName() ?? embedder.Encoder.Pipeline.Describe())),
            embedder.Encoder.MaxSeqLength, options.MaxBatchSize, options.MaxRequestBytes, options.MaxTopK, AutoTruncate: true,
            embedder.Dimension,
            index is null ? null : new ServerIndexInfo(index.Kind, index.Count, index.Model),
            new ServerEncoderStats(queue.Groups, queue.ForwardPasses, queue.Requests, queue.Texts),
            Version);
    }

    async Task<object> OpenAiEmbeddingsAsync(JsonElement request)
    {
        var texts = JsonFields.Texts(request, "input", options.MaxBatchSize);
        JsonFields.OptionalString(request, "model");          // any name is accepted; responses name the served model
        JsonFields.OptionalString(request, "user");
        var format = JsonFields.OptionalString(request, "encoding_format") ?? "float";
        if (format is not ("float" or "base64"))
            throw new InvalidRequestException($"'encoding_format' must be \"float\" or \"base64\", not \"{format}\".", "encoding_format");
        int? dimensions = JsonFields.OptionalInt(request, "dimensions", 1, embedder.Dimension);
        var encoded = await queue.EncodeAsync(texts);
        var data = new OpenAiEmbedding[texts.Count];
        for (int i = 0; i < data.Length; i++)
        {
            var v = EmbeddingVectors.Prepare(encoded.Vectors[i], dimensions, normalize: true);
            data[i] = new OpenAiEmbedding(i, format == "base64" ? EmbeddingVectors.ToBase64(v) : v);
        }
        int tokens = encoded.TotalTokens;
        return new OpenAiEmbeddingsResponse(data, modelId, new OpenAiUsage(tokens, tokens));
    }

    async Task<object> EmbedAsync(JsonElement request)
    {
        var texts = JsonFields.Texts(request, "inputs", options.MaxBatchSize);
        bool normalize = JsonFields.OptionalBool(request, "normalize", true);
        JsonFields.OptionalBool(request, "truncate", true);   // inputs are always truncated to the model's length
        int? dimensions = JsonFields.OptionalInt(request, "dimensions", 1, embedder.Dimension);
        var encoded = await queue.EncodeAsync(texts);
        return encoded.Vectors.Select(v => EmbeddingVectors.Prepare(v, dimensions, normalize)).ToArray();
    }

    async Task<object> SimilarityAsync(JsonElement request)
    {
        if (request.TryGetProperty("inputs", out _))
        {
            var inputs = JsonFields.Object(request, "inputs");
            var source = JsonFields.Texts(inputs, "source_sentence", 1);
            if (inputs.GetProperty("source_sentence").ValueKind != JsonValueKind.String)
                throw new InvalidRequestException("'source_sentence' must be a string.", "source_sentence");
            var sentences = JsonFields.Texts(inputs, "sentences", Math.Max(1, options.MaxBatchSize - 1));
            var encoded = await queue.EncodeAsync([.. source, .. sentences]);
            return Enumerable.Range(1, sentences.Count).Select(j => EmbeddingVectors.Cosine(encoded.Vectors[0], encoded.Vectors[j])).ToArray();
        }
        if (!request.TryGetProperty("queries", out _) || !request.TryGetProperty("keys", out _))
            throw new InvalidRequestException(
                "Give either {\"inputs\": {\"source_sentence\": ..., \"sentences\": [...]}} or {\"queries\": [...], \"keys\": [...]}.", "inputs");
        var queries = JsonFields.Texts(request, "queries", options.MaxBatchSize);
        var keys = JsonFields.Texts(request, "keys", options.MaxBatchSize);
        var both = await queue.EncodeAsync([.. queries, .. keys]);
        var matrix = new double[queries.Count][];
        for (int i = 0; i < queries.Count; i++)
        {
            matrix[i] = new double[keys.Count];
            for (int j = 0; j < keys.Count; j++) matrix[i][j] = EmbeddingVectors.Cosine(both.Vectors[i], both.Vectors[queries.Count + j]);
        }
        return matrix;
    }

    async Task<object> SearchAsync(JsonElement request)
    {
        var index = embedder.Index
            ?? throw new InvalidRequestException("This server has no index to search: start it with --index DIR (see 'contrastive index build').");
        bool hasQuery = request.TryGetProperty("query", out _), hasQueries = request.TryGetProperty("queries", out _);
        if (hasQuery == hasQueries)
            throw new InvalidRequestException("Give exactly one of 'query' (a string) and 'queries' (an array of strings).", hasQuery ? "queries" : "query");
        IReadOnlyList<string> queries;
        if (hasQuery)
        {
            if (request.GetProperty("query").ValueKind != JsonValueKind.String)
                throw new InvalidRequestException(
                    $"'query' must be a string, not {JsonFields.Describe(request.GetProperty("query").ValueKind)}; use 'queries' for several.", "query");
            queries = JsonFields.Texts(request, "query", 1);
        }
        else
        {
            queries = JsonFields.Texts(request, "queries", options.MaxBatchSize);
        }
        int topK = JsonFields.OptionalInt(request, "top_k", 1, options.MaxTopK) ?? SentenceEmbedder.DefaultTopK;
        double threshold = JsonFields.OptionalDouble(request, "threshold") ?? SentenceEmbedder.DefaultThreshold;

        var encoded = await queue.EncodeAsync(queries);
        int d = embedder.Dimension;
        var flat = new float[queries.Count * d];
        for (int i = 0; i < queries.Count; i++) EmbeddingVectors.Normalize(encoded.Vectors[i]).CopyTo(flat, i * d);
        IReadOnlyList<IReadOnlyList<IndexMatch>> matches;
        using (var scope = NewDisposeScope())
            matches = index.Search(tensor(flat, [queries.Count, d]), topK);            // (Q, D) unit queries
        return new SearchResponse(queries.Select((q, i) => new QueryHits(q, matches[i]
            .Where(m => m.Score >= threshold)
            .Select(m => new SearchResponseHit(m.Index, m.Sentence, m.Score))
            .ToArray())).ToArray());
    }
}
