using System.Collections.Concurrent;
using Contrastive.Embeddings.Backends;
using static TorchSharp.torch;

namespace Contrastive.Server;

/// <summary>
/// The one place the server runs the model. Encoding is CPU-bound and torch already spreads one forward pass over
/// the cores, so model calls are serialised on a single worker thread; requests that arrive while a pass runs wait
/// in a queue and are then encoded together (micro-batching, as text-embeddings-inference's batching queue): the
/// worker takes queued requests until it holds <c>maxSentencesPerPass</c> texts, encodes them sorted by token count
/// in forward passes of similar lengths (at most <c>encoderBatchSize</c> each, little padding) and hands each request
/// its rows. <see cref="Groups"/> counts groups of requests, <see cref="ForwardPasses"/> the model calls.
/// </summary>
internal sealed class EncodingQueue : IDisposable
{
    readonly ISentenceEncoder _encoder;
    readonly int _maxSentencesPerPass;
    readonly int _encoderBatchSize;
    readonly BlockingCollection<Job> _jobs = new(boundedCapacity: 4096);
    readonly Thread _worker;
    long _groups, _forwardPasses, _texts, _requests;

    /// <summary>The longest sentence of a forward pass has at most this many times the tokens of the shortest (plus
    /// <see cref="PaddingSlack"/>).</summary>
    public const double MaxPaddingRatio = 1.25;

    public const int PaddingSlack = 2;

    sealed record Job(IReadOnlyList<string> Texts, TaskCompletionSource<EncodedTexts> Result);

    public EncodingQueue(ISentenceEncoder encoder, int maxSentencesPerPass, int encoderBatchSize)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSentencesPerPass, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(encoderBatchSize, 1);
        _encoder = encoder;
        _maxSentencesPerPass = maxSentencesPerPass;
        _encoderBatchSize = encoderBatchSize;
        _worker = new Thread(Run) { IsBackground = true, Name = "contrastive-encoder" };
        _worker.Start();
    }

    /// <summary>Groups of queued requests encoded so far.</summary>
    public long Groups => Interlocked.Read(ref _groups);

    /// <summary>Forward passes of the model so far.</summary>
    public long ForwardPasses => Interlocked.Read(ref _forwardPasses);

    /// <summary>Requests encoded so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Texts encoded so far.</summary>
    public long Texts => Interlocked.Read(ref _texts);

    /// <summary>The pooled embeddings of <paramref name="texts"/> (not normalised), in their order.</summary>
    public Task<EncodedTexts> EncodeAsync(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0) return Task.FromResult(new EncodedTexts([], []));
        var job = new Job(texts, new TaskCompletionSource<EncodedTexts>(TaskCreationOptions.RunContinuationsAsynchronously));
        _jobs.Add(job);
        return job.Result.Task;
    }

    void Run()
    {
        var group = new List<Job>();
        foreach (var first in _jobs.GetConsumingEnumerable())
        {
            group.Clear();
            group.Add(first);
            int count = first.Texts.Count;
            while (count < _maxSentencesPerPass && _jobs.TryTake(out var next))
            {
                group.Add(next);
                count += next.Texts.Count;
            }
            try
            {
                var results = Encode(group, count);
                Interlocked.Increment(ref _groups);
                Interlocked.Add(ref _requests, group.Count);
                Interlocked.Add(ref _texts, count);
                for (int j = 0; j < group.Count; j++) group[j].Result.TrySetResult(results[j]);
            }
            catch (Exception e)
            {
                foreach (var job in group) job.Result.TrySetException(e);
            }
        }
    }

    EncodedTexts[] Encode(List<Job> group, int count)
    {
        var all = new List<string>(count);
        foreach (var job in group) all.AddRange(job.Texts);
        var ids = _encoder.Tokenize(all);                      // each text tokenised once: counted, then encoded
        var tokens = ids.Select(t => t.Count).ToArray();
        var vectors = new float[all.Count][];
        // A forward pass pads every sentence to its longest one, and requests arrive in random lengths: encoding them
        // together as they come costs more than one at a time. So the texts are sorted by token count and cut into
        // passes whose longest is at most MaxPaddingRatio x the shortest (+ PaddingSlack tokens).
        var order = Enumerable.Range(0, all.Count).OrderBy(i => tokens[i]).ToArray();
        for (int start = 0, end; start < order.Length; start = end)
        {
            int limit = (int)(tokens[order[start]] * MaxPaddingRatio) + PaddingSlack;
            for (end = start + 1; end < order.Length && end - start < _encoderBatchSize && tokens[order[end]] <= limit; end++) { }
            var pass = order[start..end];
            float[] flat;
            using (var scope = NewDisposeScope())
            {
                var embeddings = _encoder.EncodeTokens(pass.Select(i => ids[i]).ToArray(), pass.Length, normalize: false);   // (n, D)
                flat = embeddings.contiguous().data<float>().ToArray();
            }
            Interlocked.Increment(ref _forwardPasses);
            int d = _encoder.Dimension;
            for (int k = 0; k < pass.Length; k++) vectors[pass[k]] = flat.AsSpan(k * d, d).ToArray();
        }
        var results = new EncodedTexts[group.Count];
        for (int j = 0, row = 0; j < group.Count; row += group[j].Texts.Count, j++)
        {
            int n = group[j].Texts.Count;
            results[j] = new EncodedTexts(vectors[row..(row + n)], tokens[row..(row + n)]);
        }
        return results;
    }

    public void Dispose()
    {
        _jobs.CompleteAdding();
        _worker.Join();
        _jobs.Dispose();
    }
}
