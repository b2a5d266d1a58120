using Contrastive.Core;
using Contrastive.Core.Similarity;
using Contrastive.Embeddings.Backends;
using Contrastive.Embeddings.Indexes;
using Contrastive.Text.Data;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using static TorchSharp.torch;

namespace Contrastive.Embeddings;

/// <summary>
/// The SimCSE tool (<c>simcse.SimCSE</c>, Gao et al. 2021) in .NET: <c>encode</c>, <c>similarity</c>,
/// <c>build_index</c>, <c>add_to_index</c> and <c>search</c> over a sentence encoder on TorchSharp or ONNX Runtime
/// (<see cref="ISentenceEncoder"/>).
/// <list type="bullet">
/// <item><see cref="Encode(IReadOnlyList{string}, Action{int}?)"/>: (N, D) embeddings, unit length unless
/// <see cref="Normalize"/> is off (the tool's <c>normalize_to_unit=True</c>).</item>
/// <item><c>Similarity</c>: cosine similarity cos(q, k) = q·k / (‖q‖ ‖k‖) (sklearn's <c>cosine_similarity</c>, so keys
/// given as embeddings need not be unit length); a scalar for one query and one key, a vector (M) for one query and
/// M keys, a matrix (N, M) for N queries.</item>
/// <item><c>Search</c>: the sentences whose cosine with the query is at least <c>threshold</c> (default 0.6), at most
/// <c>topK</c> (default 5) of them, best first, as (sentence, score) pairs.</item>
/// <item><c>BuildIndex</c>: an exact index, or with <see cref="IvfOptions"/> an <see cref="IvfIndex"/> (the tool's
/// <c>faiss_fast</c>: 100 cells, 10 searched).</item>
/// <item>sentence-transformers' utilities over sentences: <see cref="SemanticSearch(IReadOnlyList{string}, IReadOnlyList{string}, int)"/>,
/// <see cref="MineParaphrases"/>, <see cref="DetectCommunities"/> (and over embeddings: <see cref="Embeddings.SemanticSearch"/>,
/// <see cref="ParaphraseMining"/>, <see cref="CommunityDetection"/>, <see cref="Quantization.QuantizedIndex"/>).</item>
/// </list>
/// Indexed sentences and search queries are always encoded to unit length, so index scores are cosines.
/// The embedder owns its index and disposes it.
/// </summary>
public sealed class SentenceEmbedder : IDisposable
{
    /// <summary>The SimCSE tool's default similarity threshold for <c>search</c>.</summary>
    public const double DefaultThreshold = 0.6;

    /// <summary>The SimCSE tool's default number of results per query.</summary>
    public const int DefaultTopK = 5;

    /// <summary>The SimCSE tool's default encoding batch size.</summary>
    public const int DefaultBatchSize = 64;

    IVectorIndex? _index;

    readonly bool _ownsEncoder;

    /// <param name="encoder">The sentence encoder behind an inference backend (TorchSharp or ONNX Runtime).</param>
    /// <param name="modelPath">The model folder the encoder came from, recorded in the indexes built here.</param>
    /// <param name="normalize">Whether <c>Encode</c> returns unit-length embeddings.</param>
    /// <param name="batchSize">Sentences per encoder batch.</param>
    /// <param name="ownsEncoder">Whether <see cref="Dispose"/> disposes <paramref name="encoder"/> (an ONNX Runtime session).</param>
    public SentenceEmbedder(ISentenceEncoder encoder, string? modelPath = null, bool normalize = true, int batchSize = DefaultBatchSize,
                            bool ownsEncoder = false)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Encoder = encoder;
        ModelPath = modelPath;
        Normalize = normalize;
        BatchSize = batchSize;
        _ownsEncoder = ownsEncoder;
    }

    /// <summary>An embedder over a TorchSharp <see cref="SentenceEncoder"/> (BERT, tokenizer, pooler).</summary>
    public SentenceEmbedder(SentenceEncoder encoder, string? modelPath = null, bool normalize = true, int batchSize = DefaultBatchSize)
        : this(new TorchSharpSentenceEncoder(encoder ?? throw new ArgumentNullException(nameof(encoder))), modelPath, normalize, batchSize)
    {
    }

    /// <summary>An embedder over the model folder <paramref name="modelDirectory"/>, recording its full path.</summary>
    /// <exception cref="ContrastiveException">The folder is missing or not a valid model folder; for the ONNX backend,
    /// it has no exported graph, or the graph is corrupt or does not match the folder's config.</exception>
    /// <param name="model">A model folder or a built-in model name (resolved by <see cref="Text.Models.ModelLocator"/>).</param>
    /// <param name="dtype">TorchSharp inference type: float32 (default) or bfloat16 (see <see cref="SentenceEncoder.WithDtype"/>).</param>
    /// <param name="backend">TorchSharp (default) or ONNX Runtime on <c>onnx/model.onnx</c>.</param>
    public static SentenceEmbedder Load(string model, PoolerType? pooler = null, int batchSize = DefaultBatchSize, ScalarType? dtype = null,
                                        InferenceBackend backend = InferenceBackend.Torch)
    {
        var directory = Text.Models.ModelLocator.Resolve(model);
        return new(SentenceEncoderLoader.Load(directory, backend, pooler, dtype: dtype), Path.GetFullPath(directory), batchSize: batchSize,
                   ownsEncoder: true);
    }

    public ISentenceEncoder Encoder { get; }
    public string? ModelPath { get; }
    public bool Normalize { get; }
    public int BatchSize { get; }

    /// <summary>Width D of the embeddings.</summary>
    public int Dimension => Encoder.Dimension;

    /// <summary>The index searched by <c>Search</c>, or null before <c>BuildIndex</c> / <see cref="UseIndex"/>.</summary>
    public IVectorIndex? Index => _index;

    /// <summary>The embedding (D) of one sentence.</summary>
    public Tensor Encode(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        using var scope = NewDisposeScope();
        return Encode([sentence])[0].MoveToOuterDisposeScope();                    // (D)
    }

    /// <summary>The embeddings (N, D) float32 of <paramref name="sentences"/>, in their order.</summary>
    /// <param name="progress">Called with the number of sentences encoded so far.</param>
    public Tensor Encode(IReadOnlyList<string> sentences, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        return Encoder.Encode(sentences, BatchSize, Normalize, progress);
    }

    /// <summary>cos(query, key).</summary>
    public double Similarity(string query, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Similarity(query, [key])[0];
    }

    /// <summary>cos(query, key_j) for the M keys: (M).</summary>
    public double[] Similarity(string query, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Row(Similarity([query], keys));
    }

    /// <summary>cos(query_i, key_j): (N, M).</summary>
    public double[,] Similarity(IReadOnlyList<string> queries, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        using var scope = NewDisposeScope();
        return ToMatrix(CosineSimilarity.Pairwise(Encode(queries), Encode(keys)));
    }

    /// <summary>cos(query, key_j) for precomputed key embeddings, (M, D) or a single (D): (M).</summary>
    public double[] Similarity(string query, Tensor keyEmbeddings)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Row(Similarity([query], keyEmbeddings));
    }

    /// <summary>cos(query_i, key_j) for precomputed key embeddings, (M, D) or a single (D): (N, M).</summary>
    /// <exception cref="ArgumentException">The keys are not (M, D) or (D) with D = <see cref="Dimension"/>.</exception>
    public double[,] Similarity(IReadOnlyList<string> queries, Tensor keyEmbeddings)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keyEmbeddings);
        if (keyEmbeddings.dim() is not (1 or 2) || keyEmbeddings.shape[^1] != Dimension)
            throw new ArgumentException(
                $"keyEmbeddings must be (M, {Dimension}) or ({Dimension}), but its shape is [{string.Join(", ", keyEmbeddings.shape)}].", nameof(keyEmbeddings));
        using var scope = NewDisposeScope();
        var keys = keyEmbeddings.detach().to(ScalarType.Float32).cpu().reshape(-1, Dimension);   // (M, D)
        return ToMatrix(CosineSimilarity.Pairwise(Encode(queries), keys));
    }

    /// <summary>
    /// Encodes <paramref name="sentences"/> into a new exact inner-product index (replacing and disposing any previous
    /// one), as the tool's <c>build_index(..., use_faiss=False)</c>.
    /// </summary>
    public void BuildIndex(IEnumerable<string> sentences, Action<int>? progress = null) =>
        BuildInto(new ExactInnerProductIndex(Dimension, ModelPath), sentences, progress);

    /// <summary>
    /// Encodes <paramref name="sentences"/> into a new <see cref="IvfIndex"/> trained on them (replacing and disposing any
    /// previous index), as the tool's <c>build_index(..., use_faiss=True, faiss_fast=True)</c>.
    /// </summary>
    public void BuildIndex(IEnumerable<string> sentences, IvfOptions ivf, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(ivf);
        BuildInto(new IvfIndex(Dimension, ivf, ModelPath), sentences, progress);
    }

    /// <summary>Fills the new <paramref name="index"/> with <paramref name="sentences"/> and makes it this embedder's
    /// index; disposes it when anything fails (the previous index then stays).</summary>
    void BuildInto(IVectorIndex index, IEnumerable<string> sentences, Action<int>? progress)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(sentences);
            AddTo(index, sentences.ToList(), progress);
        }
        catch
        {
            index.Dispose();
            throw;
        }
        UseIndex(index);
    }

    /// <summary>Builds the index from a corpus file: one sentence a line (see <see cref="SentenceCorpus"/>).</summary>
    /// <exception cref="ContrastiveException">The file is missing, unreadable or has no sentence.</exception>
    public void BuildIndex(string corpusPath, Action<int>? progress = null) =>
        BuildIndex(SentenceCorpus.ReadLines(corpusPath), progress);

    /// <summary>Encodes <paramref name="sentences"/> and appends them to the index (building one if there is none).</summary>
    public void AddToIndex(IEnumerable<string> sentences, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (_index is null)
        {
            BuildIndex(sentences, progress);
            return;
        }
        AddTo(_index, sentences.ToList(), progress);
    }

    /// <summary>Appends the sentences of a corpus file to the index (see <see cref="SentenceCorpus"/>).</summary>
    public void AddToIndex(string corpusPath, Action<int>? progress = null) =>
        AddToIndex(SentenceCorpus.ReadLines(corpusPath), progress);

    /// <summary>Searches <paramref name="index"/> from now on, taking ownership of it and disposing the previous one.</summary>
    /// <exception cref="ContrastiveException">The index's dimension differs from the model's.</exception>
    public void UseIndex(IVectorIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.Dimension != Dimension)
            throw new ContrastiveException(
                $"The index holds {index.Dimension}-dimensional vectors but the model{(ModelPath is null ? "" : $" {ModelPath}")} gives {Dimension}-dimensional embeddings.");
        var previous = Interlocked.Exchange(ref _index, index);
        if (!ReferenceEquals(previous, index)) previous?.Dispose();
    }

    /// <summary>
    /// The indexed sentences with cos(query, sentence) ≥ <paramref name="threshold"/>, at most <paramref name="topK"/>,
    /// best first.
    /// </summary>
    /// <exception cref="InvalidOperationException">No index has been built or set.</exception>
    public IReadOnlyList<SearchHit> Search(string query, double threshold = DefaultThreshold, int topK = DefaultTopK)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Search([query], threshold, topK)[0];
    }

    /// <summary>
    /// <see cref="Search(string, double, int)"/> for each query, encoded in one batch and searched with one batched
    /// index query.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<SearchHit>> Search(IReadOnlyList<string> queries, double threshold = DefaultThreshold, int topK = DefaultTopK)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        if (double.IsNaN(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be a number, not NaN.");
        var index = _index ?? throw new InvalidOperationException("There is no index to search: call BuildIndex or UseIndex first.");
        using var scope = NewDisposeScope();
        var vectors = Encoder.EncodeQueries(queries, BatchSize, normalize: true);     // (Q, D)
        return index.Search(vectors, topK)
            .Select(matches => (IReadOnlyList<SearchHit>)matches
                .Where(m => m.Score >= threshold)
                .Select(m => new SearchHit(m.Sentence, m.Score))
                .ToArray())
            .ToArray();
    }

    /// <summary>
    /// sentence-transformers' <c>semantic_search</c> of the queries over <paramref name="corpus"/> without an index:
    /// for each query the <paramref name="topK"/> corpus sentences of highest cosine, best first.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<SearchHit>> SemanticSearch(IReadOnlyList<string> queries, IReadOnlyList<string> corpus, int topK = Embeddings.SemanticSearch.DefaultTopK)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(corpus);
        using var scope = NewDisposeScope();
        return Embeddings.SemanticSearch.Search(Encoder.EncodeQueries(queries, BatchSize, Normalize), Encode(corpus), topK)
            .Select(hits => (IReadOnlyList<SearchHit>)hits.Select(h => new SearchHit(corpus[h.CorpusId], h.Score)).ToArray())
            .ToArray();
    }

    /// <summary>sentence-transformers' <c>paraphrase_mining</c>: the most similar pairs of <paramref name="sentences"/>
    /// (indices into the list), best first; see <see cref="ParaphraseMining"/>.</summary>
    public IReadOnlyList<ParaphrasePair> MineParaphrases(IReadOnlyList<string> sentences, int topK = ParaphraseMining.DefaultTopK,
        int maxPairs = ParaphraseMining.DefaultMaxPairs)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        using var scope = NewDisposeScope();
        return ParaphraseMining.Mine(Encode(sentences), topK, maxPairs);
    }

    /// <summary>sentence-transformers' <c>community_detection</c> over <paramref name="sentences"/>: disjoint groups of
    /// indices into the list, largest first; see <see cref="CommunityDetection"/>.</summary>
    public IReadOnlyList<IReadOnlyList<int>> DetectCommunities(IReadOnlyList<string> sentences, double threshold = CommunityDetection.DefaultThreshold,
        int minCommunitySize = CommunityDetection.DefaultMinCommunitySize)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        using var scope = NewDisposeScope();
        return CommunityDetection.Detect(Encode(sentences), threshold, minCommunitySize);
    }

    void AddTo(IVectorIndex index, IReadOnlyList<string> sentences, Action<int>? progress)
    {
        using var scope = NewDisposeScope();
        var vectors = Encoder.Encode(sentences, BatchSize, normalize: true, progress);    // (N, D)
        index.Add(vectors, sentences);
    }

    static double[,] ToMatrix(Tensor t)
    {
        int n = (int)t.shape[0], m = (int)t.shape[1];
        var flat = t.to(ScalarType.Float64).contiguous().data<double>().ToArray();
        var result = new double[n, m];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }

    static double[] Row(double[,] matrix)
    {
        var row = new double[matrix.GetLength(1)];
        for (int j = 0; j < row.Length; j++) row[j] = matrix[0, j];
        return row;
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _index, null)?.Dispose();
        if (_ownsEncoder) Encoder.Dispose();
    }
}
