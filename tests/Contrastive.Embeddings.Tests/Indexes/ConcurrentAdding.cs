using System.Collections.Concurrent;
using Contrastive.Embeddings.Indexes;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Tests.Indexes;

/// <summary>
/// The concurrency scenario both index tests run: <c>readers</c> threads search while one thread adds
/// <c>batches</c> batches of <c>batch</c> rows of <c>corpus</c> after its first <c>initial</c> rows, all released by
/// one barrier. Returns each reader's results (one list of matches per search) and every exception thrown.
/// </summary>
internal static class ConcurrentAdding
{
    public static (List<IReadOnlyList<IndexMatch>>[] Results, string[] Failures) Run(
        IVectorIndex index, Tensor corpus, Tensor queries, int initial, int batch, int batches, int searchesPerReader, int k)
    {
        static string[] Names(int from, int count) => Enumerable.Range(from, count).Select(i => $"s{i}").ToArray();
        int readers = (int)queries.shape[0];
        index.Add(corpus.narrow(0, 0, initial), Names(0, initial));

        var failures = new ConcurrentQueue<string>();
        var results = new List<IReadOnlyList<IndexMatch>>[readers];
        using var start = new Barrier(readers + 1);
        var threads = new List<Thread>();
        for (int r = 0; r < readers; r++)
        {
            int reader = r;
            results[reader] = [];
            threads.Add(new Thread(() =>
            {
                try
                {
                    using var threadScope = NewDisposeScope();
                    var query = queries.narrow(0, reader, 1);
                    start.SignalAndWait();
                    for (int s = 0; s < searchesPerReader; s++) results[reader].Add(index.Search(query, k)[0]);
                }
                catch (Exception e) { failures.Enqueue(e.ToString()); }
            }));
        }
        threads.Add(new Thread(() =>
        {
            try
            {
                using var threadScope = NewDisposeScope();
                start.SignalAndWait();
                for (int b = 0; b < batches; b++)
                    index.Add(corpus.narrow(0, initial + b * batch, batch), Names(initial + b * batch, batch));
            }
            catch (Exception e) { failures.Enqueue(e.ToString()); }
        }));
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return (results, failures.ToArray());
    }
}
