using Contrastive.Embeddings.AI;
using Microsoft.Extensions.AI;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Tests.AI;

public class SentenceEmbeddingGeneratorTests
{
    static SentenceEmbeddingGenerator Generator(int batchSize = 4) =>
        new(new SentenceEmbedder(TinyBert.SceneEncoder(), modelPath: "/models/tiny", batchSize: batchSize), ownsEmbedder: true);

    [Fact]
    public async Task GenerateAsync_ManyInputs_OneUnitEmbeddingPerInputInOrder()
    {
        using var generator = Generator(batchSize: 4);
        IEmbeddingGenerator<string, Embedding<float>> abstraction = generator;
        var inputs = TinyCorpus.Scenes.Reverse().ToArray();   // 15 inputs: 4 batches

        var embeddings = await abstraction.GenerateAsync(inputs);

        Assert.Equal(inputs.Length, embeddings.Count);
        using var scope = NewDisposeScope();
        var expected = generator.Embedder.Encode(inputs);
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(32, embeddings[i].Vector.Length);
            Assert.Equal(32, embeddings[i].Dimensions);
            Assert.Equal("/models/tiny", embeddings[i].ModelId);
            Assert.Equal(expected[i].data<float>().ToArray(), embeddings[i].Vector.ToArray(), new Tolerance(1e-5f));
            Assert.Equal(1.0, Math.Sqrt(embeddings[i].Vector.ToArray().Sum(x => x * (double)x)), 1e-5);
        }
    }

    [Fact]
    public async Task GenerateAsync_OneInputViaExtension_EqualsItsRowInABatch()
    {
        using var generator = Generator();

        var one = await generator.GenerateVectorAsync(TinyCorpus.Scenes[2]);
        var batch = await generator.GenerateAsync(TinyCorpus.Scenes);

        Assert.Equal(batch[2].Vector.ToArray(), one.ToArray(), new Tolerance(1e-5f));
    }

    [Fact]
    public async Task GenerateAsync_EmptyInput_ReturnsNoEmbeddings()
    {
        using var generator = Generator();
        Assert.Empty(await generator.GenerateAsync([]));
    }

    [Fact]
    public async Task GenerateAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var generator = Generator();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(TinyCorpus.Scenes, cancellationToken: cts.Token));
    }

    [Fact]
    public async Task GenerateAsync_OtherDimensionsOrNullInput_ThrowArgumentException()
    {
        using var generator = Generator();

        var e = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["a cat"], new EmbeddingGenerationOptions { Dimensions = 16 }));
        Assert.Contains("16", e.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["a", null!]));
        var ok = await generator.GenerateAsync(["a cat"], new EmbeddingGenerationOptions { Dimensions = 32 });
        Assert.Single(ok);
    }

    [Fact]
    public void GetService_Metadata_NamesProviderModelAndDimensions()
    {
        using var generator = Generator();
        IEmbeddingGenerator<string, Embedding<float>> abstraction = generator;

        var metadata = abstraction.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("contrastive", metadata.ProviderName);
        Assert.Equal("/models/tiny", metadata.DefaultModelId);
        Assert.Equal(32, metadata.DefaultModelDimensions);
        Assert.Same(generator.Embedder, abstraction.GetService<SentenceEmbedder>());
        Assert.Same(generator, abstraction.GetService<SentenceEmbeddingGenerator>());
        Assert.Null(abstraction.GetService(typeof(EmbeddingGeneratorMetadata), serviceKey: "other"));
        Assert.Null(abstraction.GetService(typeof(string)));
    }

    [Fact]
    public async Task Dispose_ThenGenerate_ThrowsObjectDisposed()
    {
        var generator = Generator();
        generator.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => generator.GenerateAsync(["a"]));
    }

    sealed class Tolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
