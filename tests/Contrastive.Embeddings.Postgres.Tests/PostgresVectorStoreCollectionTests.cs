using Contrastive.Core;
using Contrastive.Embeddings.AI;
using Microsoft.Extensions.VectorData;

namespace Contrastive.Embeddings.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public class PostgresVectorStoreCollectionTests(PostgresServer server)
{
    static int _tables;

    PostgresVectorStoreCollection Collection(SentenceEmbeddingGenerator? generator = null, int batchSize = 4, string? name = null)
    {
        server.Require();
        generator ??= new SentenceEmbeddingGenerator(new SentenceEmbedder(TinyBert.SceneEncoder(), batchSize: 4), ownsEmbedder: true);
        return new PostgresVectorStoreCollection(name ?? $"sentences_{Interlocked.Increment(ref _tables)}", generator,
            new PostgresStoreOptions(server.ConnectionString(), BatchSize: batchSize));
    }

    static SentenceRecord[] Records() =>
        TinyCorpus.Scenes.Select((s, i) => new SentenceRecord { Key = $"k{i}", Text = s }).ToArray();

    [SkippableFact]
    public async Task UpsertThenGet_RecordsComeBackWithTheirTextAndUnitEmbeddings()
    {
        using var collection = Collection();
        VectorStoreCollection<string, SentenceRecord> abstraction = collection;
        Assert.False(await abstraction.CollectionExistsAsync());
        await abstraction.EnsureCollectionExistsAsync();
        Assert.True(await abstraction.CollectionExistsAsync());

        await abstraction.UpsertAsync(Records());

        Assert.Equal(TinyCorpus.Scenes.Length, await collection.CountAsync());
        var one = await abstraction.GetAsync("k3", new RecordRetrievalOptions { IncludeVectors = true });
        Assert.NotNull(one);
        Assert.Equal(TinyCorpus.Scenes[3], one.Text);
        var v = one.Vector!.Value.ToArray();
        Assert.Equal(32, v.Length);
        Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 5);
        Assert.Null((await abstraction.GetAsync("k3"))!.Vector);
        Assert.Null(await abstraction.GetAsync("absent"));
        var some = await abstraction.GetAsync(["k1", "absent", "k0"]).ToListAsync();
        Assert.Equal(["k1", "k0"], some.Select(r => r.Key));
        var filtered = await abstraction.GetAsync(r => r.Text.Contains("dog"), top: 10).ToListAsync();
        Assert.Equal(TinyCorpus.Scenes.Count(s => s.Contains("dog")), filtered.Count);

        await abstraction.DeleteAsync("k3");
        Assert.Null(await abstraction.GetAsync("k3"));
        Assert.Equal(TinyCorpus.Scenes.Length - 1, await collection.CountAsync());
        await abstraction.EnsureCollectionDeletedAsync();
        Assert.False(await abstraction.CollectionExistsAsync());
    }

    [SkippableFact]
    public async Task Search_MatchesTheInProcessCollection_TopKAndThreshold()
    {
        using var generator = new SentenceEmbeddingGenerator(new SentenceEmbedder(TinyBert.SceneEncoder(), batchSize: 4), ownsEmbedder: true);
        using var postgres = Collection(generator);
        using var inProcess = new SentenceVectorStoreCollection("sentences", generator);
        // The same application code against both collections.
        foreach (VectorStoreCollection<string, SentenceRecord> c in new VectorStoreCollection<string, SentenceRecord>[] { postgres, inProcess })
        {
            await c.EnsureCollectionExistsAsync();
            await c.UpsertAsync(Records());
        }

        foreach (var query in new[] { "A man plays music.", "A cat on a mat." })
        {
            var expected = await inProcess.SearchAsync(query, top: 5).ToListAsync();
            var actual = await postgres.SearchAsync(query, top: 5).ToListAsync();
            Assert.Equal(expected.Select(r => r.Record.Key), actual.Select(r => r.Record.Key));   // 15 rows: HNSW is exact here
            for (int i = 0; i < expected.Count; i++) Assert.Equal(expected[i].Score!.Value, actual[i].Score!.Value, 4);

            double threshold = (expected[1].Score!.Value + expected[2].Score!.Value) / 2;
            var above = await postgres.SearchAsync(query, top: 5, new VectorSearchOptions<SentenceRecord> { ScoreThreshold = threshold }).ToListAsync();
            Assert.Equal(expected.Take(2).Select(r => r.Record.Key), above.Select(r => r.Record.Key));
            var skipped = await postgres.SearchAsync(query, top: 2, new VectorSearchOptions<SentenceRecord> { Skip = 1 }).ToListAsync();
            Assert.Equal(expected.Skip(1).Take(2).Select(r => r.Record.Key), skipped.Select(r => r.Record.Key));
        }
        await postgres.EnsureCollectionDeletedAsync();
    }

    [SkippableFact]
    public async Task Upsert_ExistingKey_ReplacesTheRecord()
    {
        using var collection = Collection();
        await collection.UpsertAsync(Records());
        await collection.UpsertAsync(new SentenceRecord { Key = "k0", Text = "The dog is slow." });
        Assert.Equal(TinyCorpus.Scenes.Length, await collection.CountAsync());
        Assert.Equal("The dog is slow.", (await collection.GetAsync("k0"))!.Text);
        var best = await collection.SearchAsync("The dog is slow.", top: 2).ToListAsync();
        Assert.Contains("k0", best.Select(r => r.Record.Key));
        await collection.EnsureCollectionDeletedAsync();
    }

    [SkippableFact]
    public async Task Upsert_ABatchTheServerRefuses_IsWrittenWholeOrNotAtAll()
    {
        using var collection = Collection(batchSize: 5);
        var records = Records();
        records[7].Text = "a NUL \0 byte";   // PostgreSQL text cannot hold NUL: the second batch (rows 5-9) fails at the server
        var e = await Assert.ThrowsAsync<ContrastiveException>(() => collection.UpsertAsync(records));
        Assert.Contains("batch 2 of 3", e.Message);
        var stored = await collection.GetAsync(records.Select(r => r.Key)).Select(r => r.Key).ToListAsync();
        Assert.Equal(records.Take(5).Select(r => r.Key), stored);   // batch 1 committed, nothing of batch 2, batch 3 never ran
        await collection.EnsureCollectionDeletedAsync();
    }

    [SkippableFact]
    public async Task Open_TableOfAnotherWidth_OneClearLine()
    {
        using (var wide = Collection(name: "width_mismatch"))
        {
            await wide.EnsureCollectionDeletedAsync();
            await wide.EnsureCollectionExistsAsync();
        }
        using var generator = new SentenceEmbeddingGenerator(new SentenceEmbedder(TinyBert.SceneEncoder(), batchSize: 4), ownsEmbedder: true);
        using var narrow = new PostgresVectorStoreCollection("width_mismatch", generator, 16, new PostgresStoreOptions(server.ConnectionString()));
        var e = await Assert.ThrowsAsync<ContrastiveException>(() => narrow.SearchAsync(new float[16], top: 3).ToListAsync().AsTask());
        Assert.Contains("holds 32-dimensional vectors but the model gives 16-dimensional embeddings", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        e = await Assert.ThrowsAsync<ContrastiveException>(() => narrow.UpsertAsync(new SentenceRecord { Key = "a", Text = "a", Vector = new float[16] }));
        Assert.Contains("width_mismatch", e.Message);
        await narrow.EnsureCollectionDeletedAsync();
    }

    [SkippableFact]
    public void Constructor_BadTableName_Refused()
    {
        server.Require();
        using var generator = new SentenceEmbeddingGenerator(new SentenceEmbedder(TinyBert.SceneEncoder(), batchSize: 4), ownsEmbedder: true);
        var e = Assert.Throws<ContrastiveException>(() => new PostgresVectorStoreCollection("Robert'); DROP TABLE x;--", generator, new PostgresStoreOptions(server.ConnectionString())));
        Assert.Contains("table name", e.Message);
    }
}
