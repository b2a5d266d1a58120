using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Contrastive.Embeddings;

namespace Contrastive.Server.Tests;

/// <summary>
/// A real <see cref="EmbeddingServer"/> (Kestrel on 127.0.0.1, a free port) over <see cref="TinyBert.SceneEncoder"/> with an index
/// of <see cref="TinyCorpus.Scenes"/>, small limits (8 inputs, 4096 bytes), and a separate embedder with the same
/// weights for the expected values (the served one is used only by the server's worker thread).
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const int MaxBatch = 8;
    public const long MaxBytes = 4096;
    public const string ModelId = "tiny-bert";

    SentenceEmbedder? _served;

    public EmbeddingServer Server { get; private set; } = null!;
    public SentenceEmbedder Reference { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public string BaseUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _served = new SentenceEmbedder(TinyBert.SceneEncoder());
        _served.BuildIndex(TinyCorpus.Scenes);
        Reference = new SentenceEmbedder(TinyBert.SceneEncoder());
        Reference.BuildIndex(TinyCorpus.Scenes);
        Server = EmbeddingServer.Create(_served, new EmbeddingServerOptions(ModelId, MaxBatch, MaxBytes), ["http://127.0.0.1:0"]);
        await Server.StartAsync();
        BaseUrl = Server.Urls[0];
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        _served?.Dispose();
        Reference.Dispose();
    }

    /// <summary>POSTs <paramref name="json"/> (sent as is, valid or not) and returns the status and the parsed body.</summary>
    public async Task<(int Status, JsonElement Body)> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Client.PostAsync(path, content);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    /// <summary>POSTs raw <paramref name="bytes"/> (any bytes, valid UTF-8 or not) as <paramref name="mediaType"/>.</summary>
    public async Task<(int Status, JsonElement Body)> PostBytesAsync(string path, byte[] bytes, string mediaType = "application/json")
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await Client.PostAsync(path, content);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    public async Task<(int Status, JsonElement Body)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The rows of a (N, D) tensor.</summary>
    public static float[][] Rows(TorchSharp.torch.Tensor t)
    {
        int n = (int)t.shape[0], d = (int)t.shape[1];
        var flat = t.contiguous().data<float>().ToArray();
        return Enumerable.Range(0, n).Select(i => flat.AsSpan(i * d, d).ToArray()).ToArray();
    }

    public static void AssertClose(IReadOnlyList<float> expected, IReadOnlyList<float> actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"component {i}: expected {expected[i]}, got {actual[i]}");
    }
}
