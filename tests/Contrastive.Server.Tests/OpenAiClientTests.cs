using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Contrastive.Server.Tests;

/// <summary>
/// The official OpenAI .NET client through <c>Microsoft.Extensions.AI.OpenAI</c>'s <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>,
/// pointed at the server's <c>/v1</c>: what an existing application does to switch to this server.
/// (The client asks for <c>encoding_format: "base64"</c>.)
/// </summary>
public sealed class OpenAiClientTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    IEmbeddingGenerator<string, Embedding<float>> Generator() =>
        new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl + "/v1") })
            .GetEmbeddingClient("any-model-name")
            .AsIEmbeddingGenerator();

    [Fact]
    public async Task GenerateAsync_OpenAiClient_GetsTheModelsUnitEmbeddings()
    {
        using var generator = Generator();
        string[] texts = ["A woman plays the violin.", "The bird sits on a guitar."];

        var embeddings = await generator.GenerateAsync(texts);

        var expected = ServerFixture.Rows(server.Reference.Encode(texts));
        Assert.Equal(2, embeddings.Count);
        for (int i = 0; i < 2; i++) ServerFixture.AssertClose(expected[i], embeddings[i].Vector.ToArray());
        Assert.Equal(ServerFixture.ModelId, embeddings[0].ModelId);
        Assert.True(embeddings.Usage?.InputTokenCount > 0);
    }

    [Fact]
    public async Task GenerateAsync_WithDimensions_GetsTruncatedUnitEmbeddings()
    {
        using var generator = Generator();

        var embedding = await generator.GenerateAsync("A cat sits on the mat.", new EmbeddingGenerationOptions { Dimensions = 12 });

        var full = ServerFixture.Rows(server.Reference.Encode(["A cat sits on the mat."]))[0];
        ServerFixture.AssertClose(EmbeddingVectors.Normalize(full.AsSpan(0, 12)), embedding.Vector.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_TooManyInputs_ThrowsTheServersMessage()
    {
        using var generator = Generator();

        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            generator.GenerateAsync(Enumerable.Range(0, ServerFixture.MaxBatch + 1).Select(i => $"a man {i}")));

        Assert.Equal(400, error.Status);
        Assert.Contains("at most 8", error.Message);
    }
}
