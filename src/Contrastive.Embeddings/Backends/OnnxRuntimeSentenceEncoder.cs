using System.Globalization;
using Contrastive.Core;
using Contrastive.Core.PostProcessing;
using Contrastive.Embeddings.Onnx;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Models;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tokenization;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Backends;

/// <summary>
/// The ONNX Runtime backend: one <see cref="InferenceSession"/> over a model folder's exported graph
/// (<see cref="BertOnnxExporter.RelativePath"/>), full graph optimisation, intra-op threads from
/// <c>CONTRASTIVE_THREADS</c> (else ONNX Runtime's default, one per physical core). Texts are tokenised by the folder's
/// WordPiece tokenizer, sorted longest first and fed in padded batches; only <c>sentence_embedding</c> is fetched.
/// </summary>
public sealed class OnnxRuntimeSentenceEncoder : ISentenceEncoder
{
    /// <summary>The environment variable fixing the number of threads (also torch's, see the CLI).</summary>
    public const string ThreadsVariable = "CONTRASTIVE_THREADS";

    readonly InferenceSession _session;
    readonly RunOptions _run = new();
    readonly string[] _inputNames;
    readonly string[] _outputNames = [BertOnnxExporter.SentenceEmbedding];

    OnnxRuntimeSentenceEncoder(InferenceSession session, string path, WordPieceTokenizer tokenizer, int maxSeqLength, string poolerName, int dimension, string queryPrompt)
    {
        _session = session;
        Path = path;
        Tokenizer = tokenizer;
        MaxSeqLength = maxSeqLength;
        PoolerName = poolerName;
        QueryPrompt = queryPrompt;
        Dimension = dimension;
        _inputNames = [.. new[] { BertOnnxExporter.InputIds, BertOnnxExporter.AttentionMask, BertOnnxExporter.TokenTypeIds }
            .Where(session.InputMetadata.ContainsKey)];
    }

    /// <summary>The .onnx file.</summary>
    public string Path { get; }
    public InferenceBackend Backend => InferenceBackend.Onnx;
    public WordPieceTokenizer Tokenizer { get; }
    public int MaxSeqLength { get; }
    public int Dimension { get; }
    public string PoolerName { get; }
    public string QueryPrompt { get; }

    /// <summary>
    /// Opens <paramref name="directory"/>'s exported graph (or <paramref name="onnxPath"/>) with the folder's tokenizer,
    /// pooler name and maximum length, after checking the graph against the folder's <c>config.json</c>.
    /// </summary>
    /// <param name="poolerOverride">Must name the folder's own pooler (the graph's pooling is fixed at export).</param>
    /// <param name="intraOpThreads">Threads per session; null reads <see cref="ThreadsVariable"/>.</param>
    /// <exception cref="ContrastiveException">No graph (run <c>export-onnx</c>), a corrupt file, or a graph whose shapes differ from the folder's config.</exception>
    public static OnnxRuntimeSentenceEncoder Load(string directory, PoolerType? poolerOverride = null, int? maxSeqLength = null,
                                                  string? onnxPath = null, int? intraOpThreads = null)
    {
        if (!Directory.Exists(directory)) throw new ContrastiveException($"{directory}: model folder not found.");
        var path = onnxPath ?? System.IO.Path.Combine(directory, BertOnnxExporter.RelativePath);
        if (!File.Exists(path))
            throw new ContrastiveException($"{path}: no exported ONNX graph; run `contrastive model export-onnx --model {directory}` first, or use --backend torch.");
        var configPath = System.IO.Path.Combine(directory, "config.json");
        var config = BertConfig.Load(configPath);
        if (maxSeqLength < 3)
            throw new ContrastiveException($"The maximum sequence length must be at least 3 ([CLS] token [SEP]); got {maxSeqLength}.");
        var folder = ModelFolderDescription.Read(directory);
        var poolerName = folder.PoolerName;
        if (poolerOverride is { } requested && requested.ToName() != poolerName)
            throw new ContrastiveException($"{path}: the graph pools with '{poolerName}' as exported; --pooler {requested.ToName()} needs --backend torch (or a re-export).");
        var tokenizer = WordPieceTokenizer.FromDirectory(directory);
        int length = Math.Min(maxSeqLength ?? folder.MaxSeqLength, config.MaxPositionEmbeddings);
        var session = Open(path, intraOpThreads);
        try
        {
            int dimension = Check(session, path, config, configPath, folder.Dimension(config.HiddenSize));
            return new OnnxRuntimeSentenceEncoder(session, path, tokenizer, length, poolerName, dimension, folder.QueryPrompt);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>An <see cref="InferenceSession"/> with this backend's options; a corrupt file throws <see cref="ContrastiveException"/>.</summary>
    public static InferenceSession Open(string path, int? intraOpThreads = null)
    {
        using var options = CreateSessionOptions(intraOpThreads);
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            var first = e.Message.Split('\n')[0].Trim();
            throw new ContrastiveException($"{path}: not a valid ONNX model ({first}).", e);
        }
    }

    /// <summary>Full graph optimisation, sequential execution, intra-op threads from the argument or <see cref="ThreadsVariable"/>.</summary>
    public static SessionOptions CreateSessionOptions(int? intraOpThreads = null)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            InterOpNumThreads = 1,
        };
        var threads = intraOpThreads ?? ThreadsFromEnvironment();
        if (threads is { } n) options.IntraOpNumThreads = n;
        return options;
    }

    static int? ThreadsFromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(ThreadsVariable);
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int threads) || threads < 1)
            throw new ContrastiveException($"{ThreadsVariable}: '{value}' is not a positive number of threads.");
        return threads;
    }

    /// <summary>The graph's inputs and outputs against the folder; returns the embedding width.</summary>
    static int Check(InferenceSession session, string path, BertConfig config, string configPath, int expectedDimension)
    {
        foreach (var name in new[] { BertOnnxExporter.InputIds, BertOnnxExporter.AttentionMask })
            if (!session.InputMetadata.TryGetValue(name, out var input) || input.ElementType != typeof(long))
                throw new ContrastiveException($"{path}: the graph needs an int64 input '{name}'; re-export it with contrastive model export-onnx.");
        if (!session.OutputMetadata.TryGetValue(BertOnnxExporter.SentenceEmbedding, out var output) || output.Dimensions.Length != 2)
            throw new ContrastiveException($"{path}: the graph has no (batch, D) output '{BertOnnxExporter.SentenceEmbedding}'; re-export it with contrastive model export-onnx.");
        if (session.OutputMetadata.TryGetValue(BertOnnxExporter.LastHiddenState, out var hidden) && hidden.Dimensions is [.., var h] && h > 0 && h != config.HiddenSize)
            throw new ContrastiveException($"{path}: the graph's hidden size is {h} but {configPath} says {config.HiddenSize}; re-export it with contrastive model export-onnx.");
        var metadata = session.ModelMetadata.CustomMetadataMap;
        foreach (var (key, value) in new (string, int)[]
                 {
                     ("hidden_size", config.HiddenSize), ("num_hidden_layers", config.NumHiddenLayers),
                     ("num_attention_heads", config.NumAttentionHeads), ("intermediate_size", config.IntermediateSize),
                     ("vocab_size", config.VocabSize), ("max_position_embeddings", config.MaxPositionEmbeddings),
                 })
            if (metadata.TryGetValue(BertOnnxExporter.MetadataPrefix + key, out var recorded) && recorded != value.ToString(CultureInfo.InvariantCulture))
                throw new ContrastiveException($"{path}: the graph's {key} is {recorded} but {configPath} says {value}; re-export it with contrastive model export-onnx.");
        int d = output.Dimensions[1];
        if (d > 0 && d != expectedDimension)
            throw new ContrastiveException($"{path}: the graph's embeddings have {d} dimensions but the folder's encoder gives {expectedDimension}; re-export it with contrastive model export-onnx.");
        return d > 0 ? d : expectedDimension;
    }

    public Tensor EncodeTokens(IReadOnlyList<IReadOnlyList<int>> tokenIds, int batchSize = 64, bool normalize = false, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(tokenIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int d = Dimension;
        var result = new float[tokenIds.Count * d];
        var order = PaddedTokens.LongestFirst(tokenIds);
        for (int start = 0; start < order.Length; start += batchSize)
        {
            var idx = order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray();
            var padded = PaddedTokens.Pad(idx.Select(i => tokenIds[i]).ToArray(), Tokenizer.PadId);
            using var ids = OrtValue.CreateTensorValueFromMemory(padded.InputIds, padded.Shape);
            using var mask = OrtValue.CreateTensorValueFromMemory(padded.AttentionMask, padded.Shape);
            using var types = OrtValue.CreateTensorValueFromMemory(new long[padded.InputIds.Length], padded.Shape);
            var all = new[] { ids, mask, types };
            var values = _inputNames.Select(n => all[n == BertOnnxExporter.InputIds ? 0 : n == BertOnnxExporter.AttentionMask ? 1 : 2]).ToArray();
            using var outputs = _session.Run(_run, _inputNames, values, _outputNames);
            var embeddings = outputs[0].GetTensorDataAsSpan<float>();             // (b, D)
            for (int k = 0; k < idx.Length; k++)
            {
                var row = result.AsSpan(idx[k] * d, d);
                embeddings.Slice(k * d, d).CopyTo(row);
                if (normalize) Normalize(row);
            }
            progress?.Invoke(Math.Min(start + batchSize, order.Length));
        }
        return tensor(result, [tokenIds.Count, d]);
    }

    /// <summary><c>x / max(||x||, 1e-12)</c>, as <c>torch.nn.functional.normalize</c>.</summary>
    static void Normalize(Span<float> row)
    {
        double sum = 0;
        foreach (var v in row) sum += (double)v * v;
        float scale = (float)(1.0 / Math.Max(Math.Sqrt(sum), 1e-12));
        for (int j = 0; j < row.Length; j++) row[j] *= scale;
    }

    public void Dispose()
    {
        _session.Dispose();
        _run.Dispose();
    }
}
