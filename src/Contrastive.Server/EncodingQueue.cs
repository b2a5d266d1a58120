using System.Collections.Concurrent;
using Contrastive.Text.Inference;
using static TorchSharp.torch;

namespace Contrastive.Server;

/// <summary>
/// The one place the server runs the model. Encoding is CPU-bound and torch already spreads one forward pass over
/// the cores, so model calls are serialised on a single worker thread; requests that arrive while a pass runs wait
/// in a queue and are then encoded together (micro-batching, as text-embeddings-inference's batching queue): the
/// worker takes queued requests until it holds <c>maxSentencesPerPass</c> texts, encodes them in one
/// <see cref="SentenceEncoder.Encode"/> call (sorted by length, <c>encoderBatchSize</c> per forward pass) and hands
/// each request its rows.
/// </summary>
internal sealed class EncodingQueue : IDisposable
{
    readonly SentenceEncoder _encoder;
    readonly int _maxSentencesPerPass;
    readonly int _encoderBatchSize;
    readonly BlockingCollection<Job> _jobs = new(boundedCapacity: 4096);
    readonly Thread _worker;
    long _passes, _texts, _requests;

    sealed record Job(IReadOnlyList<string> Texts, TaskCompletionSource<EncodedTexts> Result);

    public EncodingQueue(SentenceEncoder encoder, int maxSentencesPerPass, int encoderBatchSize)
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

    /// <summary>Encoder calls made so far (one per group of queued requests).</summary>
    public long Passes => Interlocked.Read(ref _passes);

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
                Interlocked.Increment(ref _passes);
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
        float[] flat;
        using (var scope = NewDisposeScope())
        {
            var embeddings = _encoder.Encode(all, _encoderBatchSize, normalize: false);   // (N, D)
            flat = embeddings.contiguous().data<float>().ToArray();
        }
        int d = _encoder.Dimension, row = 0;
        var results = new EncodedTexts[group.Count];
        for (int j = 0; j < group.Count; j++)
        {
            var texts = group[j].Texts;
            var vectors = new float[texts.Count][];
            var tokens = new int[texts.Count];
            for (int i = 0; i < texts.Count; i++, row++)
            {
                vectors[i] = flat.AsSpan(row * d, d).ToArray();
                tokens[i] = _encoder.Tokenizer.Encode(texts[i], _encoder.MaxSeqLength).Count;
            }
            results[j] = new EncodedTexts(vectors, tokens);
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
