using System.CommandLine;
using System.Globalization;
using Contrastive.Core;
using Contrastive.Embeddings;
using Contrastive.Embeddings.AI;
using Contrastive.Embeddings.Postgres;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary>
/// The <c>--store</c> and <c>--connection</c> options of <c>index build</c>, <c>search</c> and <c>serve</c>: with
/// <c>--store postgres</c> the index is a PostgreSQL table with pgvector (<see cref="PostgresVectorStoreCollection"/>)
/// named by <c>--out</c> / <c>--index</c>, on the server of <c>--connection</c> or <c>CONTRASTIVE_PG</c>.
/// </summary>
internal static class PostgresStore
{
    public const string Folder = "folder";
    public const string Postgres = "postgres";

    public static Option<string> StoreOption() => new Option<string>("--store")
    {
        Description = "Where the index lives: 'folder' (an index folder) or 'postgres' (a PostgreSQL table with pgvector, named by the index option).",
        DefaultValueFactory = _ => Folder,
    }.AcceptOnlyFromAmong(Folder, Postgres);

    public static Option<string?> ConnectionOption() => new("--connection")
    {
        Description = $"PostgreSQL connection string for --store postgres (default: ${PostgresStoreOptions.EnvironmentVariable}).",
    };

    /// <summary>True for <c>--store postgres</c>; refuses <c>--connection</c> without it.</summary>
    public static bool Selected(string store, string? connection)
    {
        if (store == Postgres) return true;
        if (connection is not null) throw new ContrastiveException("--connection applies to a PostgreSQL index: add --store postgres.");
        return false;
    }

    /// <summary>Opens the existing table <paramref name="table"/> as an index for <paramref name="embedder"/>'s model.</summary>
    /// <exception cref="ContrastiveException">No connection string, no such table, another width, or the server is unreachable.</exception>
    public static PostgresVectorIndex Open(string table, SentenceEmbedder embedder, string? connection)
    {
        var collection = new PostgresVectorStoreCollection(table, new SentenceEmbeddingGenerator(embedder), embedder.Dimension,
                                                           PostgresStoreOptions.FromConnection(connection));
        try
        {
            return PostgresVectorIndex.OpenAsync(collection).GetAwaiter().GetResult();
        }
        catch
        {
            collection.Dispose();
            throw;
        }
    }

    /// <summary>Embeds <paramref name="sentences"/> into the table <paramref name="table"/> (created when missing), keyed
    /// by line number, with a progress bar; then deletes the rows of any other key (those of an earlier, longer corpus), so
    /// the table holds exactly these sentences; records the model folder as the table's comment. Returns the table's row count.</summary>
    public static long Build(string table, string modelFolder, SentenceEmbedder embedder, IReadOnlyList<string> sentences, string? connection)
    {
        using var generator = new SentenceEmbeddingGenerator(embedder);
        using var collection = new PostgresVectorStoreCollection(table, generator, PostgresStoreOptions.FromConnection(connection));
        collection.EnsureCollectionExistsAsync().GetAwaiter().GetResult();
        var keys = Enumerable.Range(0, sentences.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var records = sentences.Select((s, i) => new SentenceRecord { Key = keys[i], Text = s });
        AnsiConsole.Progress().Start(ctx =>
        {
            var task = ctx.AddTask("encoding and upserting", maxValue: sentences.Count);
            collection.Retrying = (e, tries) => AnsiConsole.MarkupLineInterpolated($"[yellow]retrying after try {tries}:[/] {e.Message.Split('\n')[0]}");
            collection.UpsertAsync(records, n => task.Value = n).GetAwaiter().GetResult();
        });
        long stale = collection.RetainOnlyAsync(keys).GetAwaiter().GetResult();
        if (stale > 0) AnsiConsole.WriteLine($"deleted {stale} rows of an earlier corpus from {table}");
        collection.RecordModelAsync(Path.GetFullPath(modelFolder)).GetAwaiter().GetResult();
        return collection.CountAsync().GetAwaiter().GetResult();
    }
}
