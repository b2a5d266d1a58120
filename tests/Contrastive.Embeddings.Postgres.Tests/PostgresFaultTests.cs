using Contrastive.Core;
using Contrastive.Embeddings.AI;
using Npgsql;

namespace Contrastive.Embeddings.Postgres.Tests;

/// <summary>Faults of the real server: a restart in the middle of a multi-batch upsert, a connection terminated by
/// the server before a search.</summary>
[Collection(PostgresCollection.Name)]
public class PostgresFaultTests(PostgresServer server, Xunit.Abstractions.ITestOutputHelper output)
{
    static SentenceEmbeddingGenerator Generator() => new(new SentenceEmbedder(TinyBert.SceneEncoder(), batchSize: 4), ownsEmbedder: true);

    static SentenceRecord[] RandomRecords(int n, int dim, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(i => new SentenceRecord
        {
            Key = $"r{i}",
            Text = $"record {i}",
            Vector = Enumerable.Range(0, dim).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(),
        }).ToArray();
    }

    [SkippableFact]
    public async Task Upsert_ServerRestartedMidway_RetriesAndStoresEveryRecordExactlyOnce()
    {
        server.Require();
        using var generator = Generator();
        using var collection = new PostgresVectorStoreCollection("restart_upsert", generator,
            new PostgresStoreOptions(server.ConnectionString("restart-upsert"), BatchSize: 200, MaxAttempts: 12));
        await collection.EnsureCollectionDeletedAsync();
        var retries = new List<string>();
        collection.Retrying = (e, tries) => { lock (retries) retries.Add($"{tries}: {e.GetType().Name}: {e.Message.Split('\n')[0]}"); };
        var records = RandomRecords(6000, 32, seed: 3);   // 30 batches
        Task? restart = null;
        int batchesDone = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await collection.UpsertAsync(records, progress: _ =>
        {
            // After the second committed batch, restart the server (fast shutdown terminates the open connections)
            // while the upsert goes on with batch 3.
            if (++batchesDone == 2) restart = Task.Run(server.Restart);
        });
        await restart!;
        output.WriteLine($"{records.Length} records in 30 batches, restart after batch 2: {clock.Elapsed.TotalSeconds:F1} s, {retries.Count} retries:");
        foreach (var line in retries) output.WriteLine("  " + line);

        Assert.NotEmpty(retries);   // the restart was felt, and survived
        Assert.Equal($"{records.Length}|{records.Length}",
            server.Psql("SELECT count(*) || '|' || count(DISTINCT key) FROM restart_upsert"));
        var stored = await collection.GetAsync(records.Select(r => r.Key)).ToListAsync();
        Assert.Equal(records.Select(r => r.Key), stored.Select(r => r.Key));
        Assert.Equal(records.Select(r => r.Text), stored.Select(r => r.Text));
        await collection.EnsureCollectionDeletedAsync();
    }

    [SkippableFact]
    public async Task Upsert_ServerDown_GivesUpWithOneLineNamingTheBatch()
    {
        server.Require();
        using var generator = Generator();
        // A port nothing listens on: every attempt is refused.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var collection = new PostgresVectorStoreCollection("nowhere", generator,
            new PostgresStoreOptions($"Host=127.0.0.1;Port={port};Username=postgres;Timeout=2", MaxAttempts: 3, FirstRetryDelay: TimeSpan.FromMilliseconds(10)));
        var e = await Assert.ThrowsAsync<ContrastiveException>(() => collection.UpsertAsync(RandomRecords(3, 32, seed: 1)));
        Assert.Contains("did not answer after 3 attempts", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [SkippableFact]
    public async Task Search_ConnectionTerminated_ClearErrorThenRecovers()
    {
        server.Require();
        using var generator = Generator();
        using var collection = new PostgresVectorStoreCollection("dropped_search", generator,
            new PostgresStoreOptions(server.ConnectionString("dropped-search")));
        await collection.EnsureCollectionDeletedAsync();
        await collection.UpsertAsync(TinyCorpus.Scenes.Select((s, i) => new SentenceRecord { Key = $"k{i}", Text = s }));
        var before = await collection.SearchAsync("A man plays music.", top: 3).Select(r => r.Record.Key).ToListAsync();

        // The pooled connection is idle now; the server ends it.
        var terminated = server.Psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'dropped-search'");
        Assert.NotEqual("0", terminated);

        var e = await Assert.ThrowsAsync<ContrastiveException>(() => collection.SearchAsync("A man plays music.", top: 3).ToListAsync().AsTask());
        Assert.Contains("connection was lost while searching", e.Message);
        Assert.Contains("next call reconnects", e.Message);
        Assert.DoesNotContain('\n', e.Message);

        var after = await collection.SearchAsync("A man plays music.", top: 3).Select(r => r.Record.Key).ToListAsync();
        Assert.Equal(before, after);
        await collection.EnsureCollectionDeletedAsync();
    }

    [SkippableFact]
    public async Task Index_SearchedThroughTheEmbedder_SameHitsAsTheInProcessIndex()
    {
        server.Require();
        using var generator = Generator();
        using var collection = new PostgresVectorStoreCollection("embedder_index", generator, new PostgresStoreOptions(server.ConnectionString()));
        await collection.EnsureCollectionDeletedAsync();
        await collection.EnsureCollectionExistsAsync();
        await collection.RecordModelAsync("tiny-model");
        using var inProcess = new SentenceEmbedder(TinyBert.SceneEncoder(), batchSize: 4);
        inProcess.BuildIndex(TinyCorpus.Scenes);
        using var embedder = new SentenceEmbedder(TinyBert.SceneEncoder(), batchSize: 4);
        embedder.UseIndex(await PostgresVectorIndex.OpenAsync(collection));   // empty table
        Assert.Equal(0, embedder.Index!.Count);
        using (TorchSharp.torch.NewDisposeScope())
            embedder.Index.Add(embedder.Encoder.Encode(TinyCorpus.Scenes, 4, normalize: true), TinyCorpus.Scenes);

        Assert.Equal(TinyCorpus.Scenes.Length, embedder.Index.Count);
        Assert.Equal("tiny-model", embedder.Index.Model);
        Assert.Equal(PostgresVectorStoreCollection.KindName, embedder.Index.Kind);
        var expected = inProcess.Search(["A dog in the park.", "A woman reads."], threshold: 0.0, topK: 4);
        var actual = embedder.Search(["A dog in the park.", "A woman reads."], threshold: 0.0, topK: 4);
        for (int q = 0; q < 2; q++)
        {
            Assert.Equal(expected[q].Select(h => h.Sentence), actual[q].Select(h => h.Sentence));
            for (int i = 0; i < expected[q].Count; i++) Assert.Equal(expected[q][i].Score, actual[q][i].Score, 4);
        }
        Assert.Throws<ContrastiveException>(() => embedder.Index.Save(Path.GetTempPath()));
        await collection.EnsureCollectionDeletedAsync();
    }
}
