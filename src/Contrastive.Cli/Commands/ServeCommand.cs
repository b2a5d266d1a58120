using System.CommandLine;
using Contrastive.Core;
using Contrastive.Embeddings;
using Contrastive.Embeddings.Backends;
using Contrastive.Embeddings.Indexes;
using Contrastive.Server;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive serve --model DIR [--index DIR] --urls http://127.0.0.1:PORT</c>: an embedding server
/// (<see cref="EmbeddingServer"/>): OpenAI-compatible <c>POST /v1/embeddings</c>, text-embeddings-inference style
/// <c>POST /embed</c> and <c>POST /similarity</c>, <c>POST /search</c> over the index, <c>GET /health</c>,
/// <c>GET /info</c> and a search page at <c>/</c>. Runs until Ctrl+C. <c>--dtype bf16</c> runs the model in bfloat16
/// (about 2.7x the float32 throughput here, cosine agreement 0.9998; see bench/RESULTS.md).
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder, or all-MiniLM-L6-v2 | arctic-embed-xs.", Required = true };
        var index = new Option<string?>("--index") { Description = "Index folder written by 'contrastive index build' (with --store postgres: the table); enables /search and the search page." };
        var urls = new Option<string[]>("--urls") { Description = "Addresses to listen on.", DefaultValueFactory = _ => ["http://127.0.0.1:8080"], AllowMultipleArgumentsPerToken = true };
        var pooler = PoolerOption.Override();
        var modelId = new Option<string?>("--model-id") { Description = "Model name reported by /info and /v1/embeddings (default: the folder's name)." };
        var maxBatch = new Option<int>("--max-batch") { Description = "Most inputs in one request.", DefaultValueFactory = _ => EmbeddingServerOptions.DefaultMaxBatchSize };
        var maxBytes = new Option<long>("--max-request-bytes") { Description = "Largest request body in bytes.", DefaultValueFactory = _ => EmbeddingServerOptions.DefaultMaxRequestBytes };
        var batchSize = new Option<int>("--batch-size") { Description = "Sentences per forward pass.", DefaultValueFactory = _ => EmbeddingServerOptions.DefaultEncoderBatchSize };
        var dtype = EncodeCommand.DtypeOption();
        var backend = EncodeCommand.BackendOption();
        var store = PostgresStore.StoreOption();
        var connection = PostgresStore.ConnectionOption();

        var serve = new Command("serve", "Serve embeddings, similarity and search over HTTP, with a search page.")
        {
            model, index, urls, pooler, modelId, maxBatch, maxBytes, batchSize, dtype, backend, store, connection,
        };
        serve.SetAction(async (p, cancellationToken) =>
        {
            var options = new EmbeddingServerOptions(p.GetValue(modelId), p.GetValue(maxBatch), p.GetValue(maxBytes),
                                                     EncoderBatchSize: p.GetValue(batchSize));
            options.Validate();
            foreach (var url in p.GetValue(urls)!) RequireUrl(url);
            var type = EncodeCommand.ParseDtype(p.GetValue(dtype)!);
            using var embedder = SentenceEmbedder.Load(p.GetValue(model)!, PoolerOption.GetOverride(p, pooler), dtype: type,
                                                       backend: InferenceBackendNames.Parse(p.GetValue(backend)!));
            if (PostgresStore.Selected(p.GetValue(store)!, p.GetValue(connection)))
                embedder.UseIndex(PostgresStore.Open(p.GetValue(index) ?? throw new ContrastiveException("--store postgres needs --index TABLE."),
                                                     embedder, p.GetValue(connection)));
            else if (p.GetValue(index) is { } indexDir)
            {
                var loaded = VectorIndexFolder.Load(indexDir);
                try
                {
                    embedder.UseIndex(loaded);
                }
                catch
                {
                    loaded.Dispose();
                    throw;
                }
            }
            await using var server = EmbeddingServer.Create(embedder, options, p.GetValue(urls)!);
            try
            {
                await server.StartAsync(cancellationToken);
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidOperationException)
            {
                throw new ContrastiveException($"Cannot listen on {string.Join(", ", p.GetValue(urls)!)}: {e.Message}");
            }
            // Plain Console output: the URLs are never re-wrapped to the terminal width.
            foreach (var url in server.Urls)
                Console.WriteLine($"serving {embedder.ModelPath} ({embedder.Dimension} dimensions{(embedder.Index is { } i ? $", index of {i.Count} sentences" : "")}) on {url}");
            Console.WriteLine("POST /v1/embeddings, /embed, /similarity, /search; GET /health, /info; search page at /. Ctrl+C stops.");
            await server.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return serve;
    }

    /// <summary>Refuses an address Kestrel cannot listen on before the model is loaded: it must be
    /// http://HOST:PORT or https://HOST:PORT (HOST may be * or +, as Kestrel accepts).</summary>
    internal static void RequireUrl(string url)
    {
        var scheme = url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "http://"
                   : url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "https://" : null;
        var hostPort = scheme is null ? "" : url[scheme.Length..].TrimEnd('/');
        var colon = hostPort.LastIndexOf(':');
        bool ok = scheme is not null && hostPort.Length > 0 &&
                  (colon < 0 || (int.TryParse(hostPort[(colon + 1)..], out int port) && port is >= 0 and <= 65535));
        if (!ok)
            throw new ContrastiveException($"--urls: '{url}' is not an address to listen on; give http://HOST:PORT, e.g. http://127.0.0.1:8080.");
    }
}
