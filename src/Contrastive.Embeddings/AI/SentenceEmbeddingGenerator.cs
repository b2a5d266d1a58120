using Microsoft.Extensions.AI;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.AI;

/// <summary>
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> (Microsoft.Extensions.AI) over a <see cref="SentenceEmbedder"/>,
/// so .NET AI applications take our encoder where they take any embedding service. One <see cref="Embedding{T}"/> per
/// input, in input order, each of <see cref="SentenceEmbedder.Dimension"/> floats (unit length when the embedder
/// normalises, the default). Metadata (provider "contrastive", model = the model folder, dimensions) comes through
/// <c>GetService(typeof(EmbeddingGeneratorMetadata))</c>.
/// <para>Inputs are encoded <see cref="SentenceEmbedder.BatchSize"/> at a time on a worker thread; cancellation is
/// observed before each batch. Calls are serialised, because one model runs one forward at a time best on a CPU.</para>
/// </summary>
public sealed class SentenceEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ProviderName = "contrastive";

    readonly SemaphoreSlim _gate = new(1, 1);
    readonly bool _ownsEmbedder;
    bool _disposed;

    /// <param name="embedder">The encoder API.</param>
    /// <param name="ownsEmbedder">Dispose the embedder with this generator.</param>
    public SentenceEmbeddingGenerator(SentenceEmbedder embedder, bool ownsEmbedder = false)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        Embedder = embedder;
        _ownsEmbedder = ownsEmbedder;
        Metadata = new EmbeddingGeneratorMetadata(ProviderName, providerUri: null, defaultModelId: embedder.ModelPath, defaultModelDimensions: embedder.Dimension);
    }

    public SentenceEmbedder Embedder { get; }

    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <exception cref="ArgumentException">An input is null, or <c>options.Dimensions</c> asks for another width.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled before the last batch.</exception>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var inputs = values.ToArray();
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i] is null) throw new ArgumentException($"input {i} is null.", nameof(values));
        if (options?.Dimensions is { } dims && dims != Embedder.Dimension)
            throw new ArgumentException($"this model gives {Embedder.Dimension}-dimensional embeddings; {dims} dimensions were asked for.", nameof(options));
        cancellationToken.ThrowIfCancellationRequested();

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var vectors = await Task.Run(() => Encode(inputs, cancellationToken), cancellationToken).ConfigureAwait(false);
            var created = DateTimeOffset.UtcNow;
            var modelId = options?.ModelId ?? Metadata.DefaultModelId;
            return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { CreatedAt = created, ModelId = modelId }));
        }
        finally
        {
            _gate.Release();
        }
    }

    float[][] Encode(string[] inputs, CancellationToken cancellationToken)
    {
        var result = new float[inputs.Length][];
        int d = Embedder.Dimension;
        // Batches of the embedder's size, so a long input list can be cancelled between batches.
        for (int start = 0; start < inputs.Length; start += Embedder.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(Embedder.BatchSize, inputs.Length - start);
            using var scope = NewDisposeScope();
            var flat = Embedder.Encode(new ArraySegment<string>(inputs, start, n)).contiguous().data<float>().ToArray();   // (n, D)
            for (int i = 0; i < n; i++) result[start + i] = flat.AsSpan(i * d, d).ToArray();
        }
        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata)) return Metadata;
        if (serviceType == typeof(SentenceEmbedder)) return Embedder;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_ownsEmbedder) Embedder.Dispose();
        _gate.Dispose();
    }
}
