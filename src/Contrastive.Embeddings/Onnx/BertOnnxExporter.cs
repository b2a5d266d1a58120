using System.Globalization;
using Contrastive.Core;
using Contrastive.Core.Serialization;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Google.Protobuf;
using Onnx;
using static Contrastive.Embeddings.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Contrastive.Embeddings.Onnx;

/// <summary>
/// Writes a BERT sentence encoder (<see cref="OnnxEncoderParts"/>) as one ONNX graph of plain operators that ONNX
/// Runtime optimises and fuses: Gather embeddings + Add + LayerNormalization; per layer MatMul/Add projections,
/// Reshape/Transpose into heads, <c>softmax(Q K^T / sqrt(d) + M) V</c> with the additive mask
/// <c>M = (1 - m) * float.MinValue</c> (Hugging Face's), the Erf GELU <c>x * (1 + erf(x / sqrt 2)) * 0.5</c>;
/// then pooling (CLS Gather or ReduceSum masked means), Dense layers (MatMul, Add, Tanh) and
/// <c>x / max(||x||, 1e-12)</c>.
/// <para>Inputs <c>input_ids</c>, <c>attention_mask</c>, <c>token_type_ids</c>: int64 (batch, sequence). Outputs
/// <c>last_hidden_state</c> (batch, sequence, H) and <c>sentence_embedding</c> (batch, D). Initializers carry Hugging
/// Face names; Linear weights are stored transposed, (in, out), as MatMul takes them. The model's metadata records the
/// BERT config (<see cref="MetadataPrefix"/>) so a loader can check the graph against the folder's <c>config.json</c>.</para>
/// </summary>
public static class BertOnnxExporter
{
    /// <summary>Where the graph lives inside a model folder.</summary>
    public const string RelativePath = "onnx/model.onnx";

    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string TokenTypeIds = "token_type_ids";
    public const string LastHiddenState = "last_hidden_state";
    public const string SentenceEmbedding = "sentence_embedding";

    /// <summary>Prefix of the metadata keys: hidden_size, num_hidden_layers, num_attention_heads, intermediate_size,
    /// vocab_size, max_position_embeddings, pooling, dense, normalize, quantization.</summary>
    public const string MetadataPrefix = "contrastive.";

    /// <summary>The ONNX model of <paramref name="parts"/>.</summary>
    public static ModelProto Build(OnnxEncoderParts parts, OnnxExportOptions? options = null)
    {
        options = (options ?? new OnnxExportOptions()).Validate();
        parts.Validate();
        var g = new OnnxGraphBuilder();
        using (no_grad())
        {
            var (last, hidden) = Encoder(g, parts.Bert, options);
            var pooled = Pool(g, parts.Pooling, last, hidden);
            for (int j = 0; j < parts.Dense.Count; j++)
            {
                var d = parts.Dense[j];
                pooled = g.Node("MatMul", pooled, g.Initializer($"dense_{j}.linear.weight", d.Weight.t()));
                if (d.Bias is not null) pooled = g.Node("Add", pooled, g.Initializer($"dense_{j}.linear.bias", d.Bias));
                if (d.Activation == DenseActivation.Tanh) pooled = g.Node("Tanh", pooled);
            }
            if (parts.Normalize)
            {
                var norm = g.Node("Sqrt", g.Node("ReduceSum", [g.Node("Mul", pooled, pooled), g.Int64s([1])], null, "", Int("keepdims", 1)));
                pooled = g.Node("Div", pooled, g.Node("Max", norm, g.Float(1e-12f)));
            }
            g.Node("Identity", [last], LastHiddenState);
            g.Node("Identity", [pooled], SentenceEmbedding);
        }

        var graph = g.Graph;
        graph.Name = "contrastive_sentence_encoder";
        graph.Input.Add(Value(InputIds, DataType.Int64, "batch", "sequence"));
        graph.Input.Add(Value(AttentionMask, DataType.Int64, "batch", "sequence"));
        graph.Input.Add(Value(TokenTypeIds, DataType.Int64, "batch", "sequence"));
        graph.Output.Add(Value(LastHiddenState, DataType.Float, "batch", "sequence", parts.Bert.Config.HiddenSize));
        graph.Output.Add(Value(SentenceEmbedding, DataType.Float, "batch", parts.Dimension));

        var model = new ModelProto
        {
            IrVersion = options.Opset <= 18 ? 8 : options.Opset <= 20 ? 9 : 10,
            ProducerName = "contrastive",
            ProducerVersion = typeof(BertOnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = options.Opset });
        if (g.UsesMicrosoftDomain) model.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        var c = parts.Bert.Config;
        foreach (var (key, value) in new (string, object)[]
                 {
                     ("hidden_size", c.HiddenSize), ("num_hidden_layers", c.NumHiddenLayers),
                     ("num_attention_heads", c.NumAttentionHeads), ("intermediate_size", c.IntermediateSize),
                     ("vocab_size", c.VocabSize), ("max_position_embeddings", c.MaxPositionEmbeddings),
                     ("pooling", parts.Pooling.ToName()), ("dense", parts.Dense.Count), ("normalize", parts.Normalize),
                     ("quantization", options.Quantization),
                 })
            model.MetadataProps.Add(new StringStringEntryProto
            {
                Key = MetadataPrefix + key,
                Value = Convert.ToString(value, CultureInfo.InvariantCulture)!.ToLowerInvariant(),
            });
        return model;
    }

    /// <summary>Builds the graph and writes it to <paramref name="path"/> atomically (a temporary file, then a rename).</summary>
    public static void Export(OnnxEncoderParts parts, string path, OnnxExportOptions? options = null)
    {
        var model = Build(parts, options);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        AtomicFile.Write(path, s => model.WriteTo(s));
    }

    /// <summary>Embeddings and layers; returns the last layer's output and every hidden state (0 = embeddings).</summary>
    static (string Last, List<string> Hidden) Encoder(OnnxGraphBuilder g, BertModel bert, OnnxExportOptions options)
    {
        OnnxQuantization Precision(string linear) =>
            options.KeepFloat?.Any(k => linear.EndsWith(k, StringComparison.Ordinal)) == true ? OnnxQuantization.None : options.Quantization;
        var c = bert.Config;
        var e = bert.embeddings;
        var words = g.Node("Gather", g.Initializer("embeddings.word_embeddings.weight", e.word_embeddings.weight!), InputIds);
        var length = g.Node("Gather", g.Node("Shape", InputIds), g.Int64s([1], scalar: true));               // T
        var positions = g.Node("Range", g.Int64s([0], scalar: true), length, g.Int64s([1], scalar: true));    // (T)
        var pos = g.Node("Gather", g.Initializer("embeddings.position_embeddings.weight", e.position_embeddings.weight!), positions);
        var types = g.Node("Gather", g.Initializer("embeddings.token_type_embeddings.weight", e.token_type_embeddings.weight!), TokenTypeIds);
        var x = LayerNorm(g, g.Node("Add", g.Node("Add", words, pos), types), "embeddings.LayerNorm", e.LayerNorm, c.LayerNormEps);

        // (B, T) 1/0 -> (B, 1, 1, T) 0 / float.MinValue
        var maskF = g.Node("Cast", [AttentionMask], null, "", Int("to", (long)DataType.Float));
        var additive = g.Node("Mul", g.Node("Sub", g.Float(1f), maskF), g.Float(float.MinValue));
        var mask = g.Node("Unsqueeze", additive, g.Int64s([1, 2]));

        var hidden = new List<string> { x };
        long nh = c.NumAttentionHeads, hd = c.HeadSize;
        var headsShape = g.Int64s([0, 0, nh, hd]);
        var mergedShape = g.Int64s([0, 0, c.HiddenSize]);
        var scale = g.Float(MathF.Sqrt(hd));
        for (int i = 0; i < c.NumHiddenLayers; i++)
        {
            var layer = bert.encoder.layer[i];
            var p = $"encoder.layer.{i}.";
            var self = layer.attention.self;
            string Heads(string v, long[] perm) => g.Node("Transpose", [g.Node("Reshape", v, headsShape)], null, "", Ints("perm", perm));
            var q = Heads(Linear(g, x, p + "attention.self.query", self.query, Precision("attention.self.query")), [0, 2, 1, 3]);   // (B, nh, T, hd)
            var k = Heads(Linear(g, x, p + "attention.self.key", self.key, Precision("attention.self.key")), [0, 2, 3, 1]);       // (B, nh, hd, T)
            var v = Heads(Linear(g, x, p + "attention.self.value", self.value, Precision("attention.self.value")), [0, 2, 1, 3]);   // (B, nh, T, hd)
            var scores = g.Node("Add", g.Node("Div", g.Node("MatMul", q, k), scale), mask);                  // (B, nh, T, T)
            var probs = g.Node("Softmax", [scores], null, "", Int("axis", -1));
            var context = g.Node("Transpose", [g.Node("MatMul", probs, v)], null, "", Ints("perm", 0, 2, 1, 3));  // (B, T, nh, hd)
            var merged = g.Node("Reshape", context, mergedShape);                                             // (B, T, H)
            var so = layer.attention.output;
            var a = LayerNorm(g, g.Node("Add", Linear(g, merged, p + "attention.output.dense", so.dense, Precision("attention.output.dense")), x),
                              p + "attention.output.LayerNorm", so.LayerNorm, c.LayerNormEps);
            var u = Activation(g, Linear(g, a, p + "intermediate.dense", layer.intermediate.dense, Precision("intermediate.dense")), c.HiddenAct);
            var o = layer.output;
            x = LayerNorm(g, g.Node("Add", Linear(g, u, p + "output.dense", o.dense, Precision("output.dense")), a),
                          p + "output.LayerNorm", o.LayerNorm, c.LayerNormEps);
            hidden.Add(x);
        }
        return (x, hidden);
    }

    static string LayerNorm(OnnxGraphBuilder g, string x, string name, TorchSharp.Modules.LayerNorm ln, double eps) =>
        g.Node("LayerNormalization", [x, g.Initializer(name + ".weight", ln.weight!), g.Initializer(name + ".bias", ln.bias!)],
               null, "", Int("axis", -1), OnnxGraphBuilder.Float("epsilon", (float)eps));

    /// <summary><c>x W^T + b</c>: MatMul with the transposed weight, or int8 <c>DynamicQuantizeMatMul</c>.</summary>
    static string Linear(OnnxGraphBuilder g, string x, string name, TorchSharp.Modules.Linear linear, OnnxQuantization quantization)
    {
        var bias = g.Initializer(name + ".bias", linear.bias!);
        if (quantization == OnnxQuantization.Int8)
        {
            var (q, scales, shape) = QuantizePerColumn(linear.weight!.t());
            return g.Node("DynamicQuantizeMatMul",
                [x, g.Initializer(name + ".weight_quantized", q, shape), g.Initializer(name + ".weight_scale", scales, [scales.Length]), "", bias],
                null, MicrosoftDomain);
        }
        return g.Node("Add", g.Node("MatMul", x, g.Initializer(name + ".weight", linear.weight!.t())), bias);
    }

    /// <summary>
    /// The largest weight code: 7 bits (ONNX Runtime's <c>reduce_range</c>), because on AVX2 CPUs without VNNI the
    /// u8 x s8 kernel adds pairs of products in int16 (<c>vpmaddubsw</c>): 2 x 255 x 63 fits, 2 x 255 x 127 can saturate.
    /// </summary>
    internal const int WeightLevels = 63;

    /// <summary>Symmetric int8 per output column of (in, out): <c>s_j = max_i |W_ij| / 63</c>, <c>q = round(W / s)</c>.</summary>
    internal static (sbyte[] Q, float[] Scales, long[] Shape) QuantizePerColumn(Tensor weightInOut)
    {
        using var scope = NewDisposeScope();
        var w = weightInOut.detach().to(ScalarType.Float32);
        var s = w.abs().amax([0]).div((double)WeightLevels).clamp_min(1e-12);             // (out)
        var q = w.div(s).round().clamp(-WeightLevels, WeightLevels).to(ScalarType.Int8).contiguous();   // (in, out)
        return (q.data<sbyte>().ToArray(), s.contiguous().data<float>().ToArray(), w.shape);
    }

    static string Activation(OnnxGraphBuilder g, string x, string hiddenAct)
    {
        switch (hiddenAct)
        {
            case "gelu":   // x * (1 + erf(x / sqrt 2)) * 0.5: the pattern ONNX Runtime fuses into Gelu
                return g.Node("Mul", g.Node("Mul", x, g.Node("Add", g.Node("Erf", g.Node("Div", x, g.Float(MathF.Sqrt(2f)))), g.Float(1f))), g.Float(0.5f));
            case "gelu_new" or "gelu_pytorch_tanh":   // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
                var cube = g.Node("Mul", g.Node("Mul", x, x), x);
                var inner = g.Node("Mul", g.Node("Add", x, g.Node("Mul", cube, g.Float(0.044715f))), g.Float(MathF.Sqrt(2f / MathF.PI)));
                return g.Node("Mul", g.Node("Mul", x, g.Node("Add", g.Node("Tanh", inner), g.Float(1f))), g.Float(0.5f));
            case "relu":
                return g.Node("Relu", x);
            case "silu" or "swish":
                return g.Node("Mul", x, g.Node("Sigmoid", x));
            default:
                throw new ContrastiveException($"hidden_act '{hiddenAct}' cannot be exported to ONNX.");
        }
    }

    static string Pool(OnnxGraphBuilder g, TokenPooling pooling, string last, List<string> hidden)
    {
        if (pooling == TokenPooling.Cls)
            return g.Node("Gather", [last, g.Int64s([0], scalar: true)], null, "", Int("axis", 1));           // (B, H)
        var states = pooling switch
        {
            TokenPooling.Mean or TokenPooling.MeanSqrtLen => last,
            TokenPooling.AvgFirstLast => g.Node("Div", g.Node("Add", hidden[1], last), g.Float(2f)),
            TokenPooling.AvgTop2 => g.Node("Div", g.Node("Add", hidden[^2], last), g.Float(2f)),
            _ => throw new ContrastiveException($"Pooling '{pooling.ToName()}' cannot be exported to ONNX."),
        };
        var m = g.Node("Cast", [AttentionMask], null, "", Int("to", (long)DataType.Float));                      // (B, T)
        var sum = g.Node("ReduceSum", [g.Node("Mul", states, g.Node("Unsqueeze", m, g.Int64s([2]))), g.Int64s([1])], null, "", Int("keepdims", 0)); // (B, H)
        var count = g.Node("Max", g.Node("ReduceSum", [m, g.Int64s([1])], null, "", Int("keepdims", 1)), g.Float(1f));   // (B, 1)
        return g.Node("Div", sum, pooling == TokenPooling.MeanSqrtLen ? g.Node("Sqrt", count) : count);
    }
}
