using Contrastive.Embeddings.AI;
using Contrastive.Embeddings.Indexes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Contrastive.Embeddings.Tests.AI;

public class SentenceVectorStoreCollectionTests
{
    static SentenceVectorStoreCollection Collection(Func<int, IVectorIndex>? newIndex = null)
    {
        var generator = new SentenceEmbeddingGenerator(new SentenceEmbedder(TinyBert.SceneEncoder(), batchSize: 4), ownsEmbedder: true);
        return new SentenceVectorStoreCollection("sentences", generator, generator.Embedder.Dimension, newIndex);
    }

    static SentenceRecord[] Records() =>
        TinyCorpus.Scenes.Select((s, i) => new SentenceRecord { Key = $"k{i}", Text = s }).ToArray();

    [Fact]
    public async Task UpsertThenGet_RecordsComeBackWithTheirTextAndEmbeddings()
    {
        using var collection = Collection();
        VectorStoreCollection<string, SentenceRecord> abstraction = collection;
        Assert.False(await abstraction.CollectionExistsAsync());
        await abstraction.EnsureCollectionExistsAsync();
        Assert.True(await abstraction.CollectionExistsAsync());

        await abstraction.UpsertAsync(Records());

        var one = await abstraction.GetAsync("k3", new RecordRetrievalOptions { IncludeVectors = true });
        Assert.NotNull(one);
        Assert.Equal(TinyCorpus.Scenes[3], one.Text);
        Assert.Equal(32, one.Vector!.Value.Length);
        Assert.Null((await abstraction.GetAsync("k3"))!.Vector);   // vectors only when asked for
        Assert.Null(await abstraction.GetAsync("absent"));
        var some = await abstraction.GetAsync(["k1", "absent", "k0"]).ToListAsync();
        Assert.Equal(["k1", "k0"], some.Select(r => r.Key));
        var filtered = await abstraction.GetAsync(r => r.Text.Contains("dog"), top: 10).ToListAsync();
        Assert.Equal(TinyCorpus.Scenes.Count(s => s.Contains("dog")), filtered.Count);
    }

    [Fact]
    public async Task SearchAsync_Text_RanksTheSameSentenceFirstWithCosineOne()
    {
        using var collection = Collection();
        await collection.UpsertAsync(Records());

        var results = await collection.SearchAsync(TinyCorpus.Scenes[5], top: 3).ToListAsync();

        Assert.Equal(3, results.Count);
        Assert.Equal("k5", results[0].Record.Key);
        Assert.Equal(1.0, results[0].Score!.Value, 1e-5);
        Assert.True(results[0].Score >= results[1].Score && results[1].Score >= results[2].Score);
    }

    [Fact]
    public async Task SearchAsync_VectorKinds_AgreeWithTheEmbedderAndHonourSkipFilterThreshold()
    {
        using var collection = Collection();
        await collection.UpsertAsync(Records());
        var query = (await collection.GetAsync("k2", new RecordRetrievalOptions { IncludeVectors = true }))!.Vector!.Value;

        var byMemory = await collection.SearchAsync(query, top: 5).ToListAsync();
        var byArray = await collection.SearchAsync(query.ToArray(), top: 5).ToListAsync();
        var byEmbedding = await collection.SearchAsync(new Embedding<float>(query), top: 5).ToListAsync();
        var skipped = await collection.SearchAsync(query, top: 2, new VectorSearchOptions<SentenceRecord> { Skip = 1 }).ToListAsync();
        var filtered = await collection.SearchAsync(query, top: 3, new VectorSearchOptions<SentenceRecord> { Filter = r => r.Key != "k2" }).ToListAsync();
        var thresholded = await collection.SearchAsync(query, top: 15, new VectorSearchOptions<SentenceRecord> { ScoreThreshold = byMemory[2].Score }).ToListAsync();

        Assert.Equal(byMemory.Select(r => r.Record.Key), byArray.Select(r => r.Record.Key));
        Assert.Equal(byMemory.Select(r => r.Record.Key), byEmbedding.Select(r => r.Record.Key));
        Assert.Equal(byMemory.Skip(1).Take(2).Select(r => r.Record.Key), skipped.Select(r => r.Record.Key));
        Assert.Equal(byMemory.Skip(1).Take(3).Select(r => r.Record.Key), filtered.Select(r => r.Record.Key));
        Assert.Equal(byMemory.Take(3).Select(r => r.Record.Key), thresholded.Select(r => r.Record.Key));
        await Assert.ThrowsAsync<NotSupportedException>(async () => await collection.SearchAsync(42, top: 1).ToListAsync());
    }

    [Fact]
    public async Task UpsertExistingKeyAndDelete_SearchesSeeOnlyLiveRecords()
    {
        using var collection = Collection();
        await collection.UpsertAsync(Records());

        await collection.UpsertAsync(new SentenceRecord { Key = "k0", Text = "The dog is slow." });   // same text as k13
        await collection.DeleteAsync("k13");
        await collection.DeleteAsync("never there");

        Assert.Equal(TinyCorpus.Scenes.Length - 1, collection.Count);
        Assert.Equal("The dog is slow.", (await collection.GetAsync("k0"))!.Text);
        Assert.Null(await collection.GetAsync("k13"));
        var results = await collection.SearchAsync("The dog is slow.", top: 20).ToListAsync();
        Assert.Equal(TinyCorpus.Scenes.Length - 1, results.Count);
        Assert.Equal("k0", results[0].Record.Key);
        Assert.Equal(1.0, results[0].Score!.Value, 1e-5);
        Assert.Equal(results.Count, results.Select(r => r.Record.Key).Distinct().Count());
        Assert.DoesNotContain(results, r => r.Record.Key == "k13");
    }

    [Fact]
    public async Task Upsert_GivenVectors_AreStoredWithoutEmbedding_WrongWidthRejected()
    {
        using var collection = Collection(d => new IvfIndex(d, new IvfOptions { Cells = 2, NProbe = 2 }));
        var v = Enumerable.Range(0, 32).Select(i => (float)(i % 3)).ToArray();

        await collection.UpsertAsync(new SentenceRecord { Key = "x", Text = "anything", Vector = v });

        var hit = Assert.Single(await collection.SearchAsync(v, top: 3).ToListAsync());
        Assert.Equal("x", hit.Record.Key);
        Assert.Equal(1.0, hit.Score!.Value, 1e-5);
        Assert.IsType<IvfIndex>(collection.GetService(typeof(IVectorIndex)));
        await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync(new SentenceRecord { Key = "y", Text = "t", Vector = new float[5] }));
        await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync(new SentenceRecord { Key = "", Text = "t" }));
    }

    [Fact]
    public async Task EnsureCollectionDeleted_RemovesEverything()
    {
        using var collection = Collection();
        await collection.UpsertAsync(Records());

        await collection.EnsureCollectionDeletedAsync();

        Assert.False(await collection.CollectionExistsAsync());
        Assert.Equal(0, collection.Count);
        Assert.Empty(await collection.SearchAsync("a cat", top: 3).ToListAsync());
    }

    [Fact]
    public async Task SearchAsync_CancelledToken_Throws()
    {
        using var collection = Collection();
        await collection.UpsertAsync(Records());
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await collection.SearchAsync("a cat", top: 3, cancellationToken: cts.Token).ToListAsync());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => collection.UpsertAsync(Records(), cts.Token));
    }

    [Fact]
    public void Metadata_AndDefinition_DescribeTheSchema()
    {
        using var collection = Collection();

        var metadata = (VectorStoreCollectionMetadata)collection.GetService(typeof(VectorStoreCollectionMetadata))!;
        var definition = SentenceRecord.Definition(32);

        Assert.Equal("sentences", metadata.CollectionName);
        Assert.Equal("contrastive", metadata.VectorStoreSystemName);
        var vector = Assert.Single(definition.Properties.OfType<VectorStoreVectorProperty>());
        Assert.Equal(32, vector.Dimensions);
        Assert.Equal(DistanceFunction.CosineSimilarity, vector.DistanceFunction);
    }
}
