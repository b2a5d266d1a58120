using System.Net.Http.Json;
using System.Text.Json;

namespace Contrastive.Cli.Tests.Commands;

/// <summary><c>index build</c>, <c>search</c> and <c>serve</c> with <c>--store postgres</c> against a real throwaway
/// PostgreSQL server with pgvector (skipped where none can be started).</summary>
[Collection(ProgressDisplayCollection.Name)]
public class PostgresStoreCommandTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [SkippableFact]
    public void IndexBuildThenSearch_Postgres_SameHitsAsTheIndexFolder()
    {
        server.Require();
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var corpus = TinyCorpus.WriteRandom(dir, "corpus.txt", 40, seed: 4);
        var cs = server.ConnectionString();
        var (code, stderr) = InProcessCli.Run("index", "build", "--model", model, "--corpus", corpus, "--store", "postgres", "--connection", cs, "--out", "cli_corpus");
        Assert.True(code == 0, stderr);
        Assert.Equal("40", server.Psql("SELECT count(*) FROM cli_corpus"));
        Assert.Equal(Path.GetFullPath(model), server.Psql("SELECT obj_description('cli_corpus'::regclass, 'pg_class')"));
        (code, stderr) = InProcessCli.Run("index", "build", "--model", model, "--corpus", corpus, "--out", dir.File("index"));
        Assert.True(code == 0, stderr);

        string Search(params string[] where)
        {
            var output = new StringWriter();
            var errors = new StringWriter();
            int exit = CliRunner.Invoke(new System.CommandLine.RootCommand { Contrastive.Cli.Commands.SearchCommand.Create(output) },
                ["search", .. where, "--model", model, "--query", "a man plays the guitar", "--query", "the dog runs", "--top-k", "5", "--threshold", "0"], errors);
            Assert.True(exit == 0, errors.ToString());
            return output.ToString();
        }
        var fromFolder = Search("--index", dir.File("index"));
        var fromPostgres = Search("--store", "postgres", "--connection", cs, "--index", "cli_corpus");
        // The untrained model ties many sentences, so compare the ranked scores (40 rows: HNSW finds the exact neighbours).
        static double[] Scores(string output) => output.Split('\n')
            .Select(l => l.Trim().Split("  ", StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 3).Select(f => double.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var expected = Scores(fromFolder);
        var actual = Scores(fromPostgres);
        Assert.Equal(10, expected.Length);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 3);
        Assert.Contains("query: the dog runs", fromPostgres);
    }

    [SkippableFact]
    public void IndexBuild_Postgres_RebuildFromShorterCorpus_LeavesNoRowsOfTheLongerOne()
    {
        server.Require();
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var cs = server.ConnectionString();
        var (code, stderr) = InProcessCli.Run("index", "build", "--model", model, "--corpus", TinyCorpus.WriteRandom(dir, "long.txt", 12, seed: 2),
                                              "--store", "postgres", "--connection", cs, "--out", "cli_rebuilt");
        Assert.True(code == 0, stderr);
        Assert.Equal("12", server.Psql("SELECT count(*) FROM cli_rebuilt"));
        var shorter = TinyCorpus.WriteRandom(dir, "short.txt", 5, seed: 3);
        (code, stderr) = InProcessCli.Run("index", "build", "--model", model, "--corpus", shorter,
                                          "--store", "postgres", "--connection", cs, "--out", "cli_rebuilt");
        Assert.True(code == 0, stderr);
        Assert.Equal("5", server.Psql("SELECT count(*) FROM cli_rebuilt"));
        Assert.Equal(string.Join("|", File.ReadAllLines(shorter)),
                     server.Psql("SELECT string_agg(text, '|' ORDER BY key::int) FROM cli_rebuilt"));
    }

    [SkippableFact]
    public void SearchAndBuild_TableOfAnotherWidth_OneErrorLine()
    {
        server.Require();
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        server.Psql("CREATE TABLE IF NOT EXISTS cli_narrow (id bigint GENERATED ALWAYS AS IDENTITY, key text PRIMARY KEY, text text NOT NULL, embedding vector(8) NOT NULL)");
        var cs = server.ConnectionString();
        InProcessCli.AssertBadInput("holds 8-dimensional vectors but the model gives 32-dimensional embeddings",
            "search", "--store", "postgres", "--connection", cs, "--index", "cli_narrow", "--model", model, "--query", "a dog");
        InProcessCli.AssertBadInput("holds 8-dimensional vectors",
            "index", "build", "--store", "postgres", "--connection", cs, "--out", "cli_narrow", "--model", model, "--corpus", TinyCorpus.WriteRandom(dir, "c.txt", 3, seed: 1));
        InProcessCli.AssertBadInput("does not exist", "search", "--store", "postgres", "--connection", cs, "--index", "cli_absent", "--model", model, "--query", "a dog");
        InProcessCli.AssertBadInput("--store postgres", "search", "--connection", cs, "--index", "cli_absent", "--model", model, "--query", "a dog");
        InProcessCli.AssertBadInput("--nprobe", "search", "--store", "postgres", "--connection", cs, "--index", "cli_narrow", "--model", model, "--query", "a", "--nprobe", "2");
    }

    [SkippableFact]
    public async Task Serve_PostgresStore_SearchEndpointAnswersFromTheTable()
    {
        server.Require();
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var sentences = TinyCorpus.Random(20, seed: 9);
        File.WriteAllLines(dir.File("corpus.txt"), sentences);
        var cs = server.ConnectionString();
        var (code, stderr) = InProcessCli.Run("index", "build", "--model", model, "--corpus", dir.File("corpus.txt"), "--store", "postgres", "--connection", cs, "--out", "cli_served");
        Assert.True(code == 0, stderr);

        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var serve = EncodeShardedTests.Start("serve", "--model", model, "--store", "postgres", "--connection", cs, "--index", "cli_served", "--urls", $"http://127.0.0.1:{port}");
        try
        {
            var line = await serve.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(line?.StartsWith("serving", StringComparison.Ordinal), $"{line} {(serve.HasExited ? await serve.StandardError.ReadToEndAsync() : "")}");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var response = await http.PostAsJsonAsync("/search", new { query = sentences[3], top_k = 3, threshold = 0.0 });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            var hits = JsonDocument.Parse(body).RootElement.GetProperty("results")[0].GetProperty("hits");
            Assert.Equal(3, hits.GetArrayLength());
            Assert.Equal(sentences[3], hits[0].GetProperty("sentence").GetString());   // the query is in the table
            var info = JsonDocument.Parse(await http.GetStringAsync("/info")).RootElement.GetProperty("index");
            Assert.Equal("pgvector-hnsw", info.GetProperty("kind").GetString());
            Assert.Equal(20, info.GetProperty("count").GetInt32());
        }
        finally
        {
            if (!serve.HasExited) serve.Kill(entireProcessTree: true);
            serve.WaitForExit(10_000);
        }
    }
}
