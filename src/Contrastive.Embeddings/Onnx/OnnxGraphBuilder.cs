using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Onnx;

/// <summary>
/// Appends nodes and initializers to an ONNX <see cref="GraphProto"/> (the protobuf classes OnnxSharp ships), naming
/// every intermediate value uniquely. Each method returns the name of the value it produces.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>ONNX Runtime's contrib operators (e.g. <c>DynamicQuantizeMatMul</c>).</summary>
    public const string MicrosoftDomain = "com.microsoft";

    int _next;
    readonly Dictionary<string, string> _constants = [];

    public GraphProto Graph { get; } = new();

    /// <summary>Whether a node of <see cref="MicrosoftDomain"/> was added (the model must then import that domain).</summary>
    public bool UsesMicrosoftDomain { get; private set; }

    /// <summary>A node with one output; <paramref name="inputs"/> may contain "" for an omitted optional input.</summary>
    public string Node(string op, IReadOnlyList<string> inputs, string? output = null, string domain = "", params AttributeProto[] attributes)
    {
        output ??= $"{op.ToLowerInvariant()}_{_next++}";
        var node = new NodeProto { OpType = op, Name = $"{op}_{_next++}", Domain = domain };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        if (domain == MicrosoftDomain) UsesMicrosoftDomain = true;
        Graph.Node.Add(node);
        return output;
    }

    public string Node(string op, params string[] inputs) => Node(op, inputs, null);

    /// <summary>A float32 initializer holding <paramref name="t"/> (any float dtype, copied as float32).</summary>
    public string Initializer(string name, Tensor t)
    {
        using var scope = NewDisposeScope();
        var data = t.detach().cpu().to(ScalarType.Float32).contiguous().data<float>().ToArray();
        return Add(name, TensorProto.Types.DataType.Float, t.shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()).ToArray());
    }

    /// <summary>An int8 initializer of the given shape.</summary>
    public string Initializer(string name, sbyte[] data, long[] shape) =>
        Add(name, TensorProto.Types.DataType.Int8, shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()).ToArray());

    /// <summary>A float32 initializer of the given shape.</summary>
    public string Initializer(string name, float[] data, long[] shape) =>
        Add(name, TensorProto.Types.DataType.Float, shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()).ToArray());

    /// <summary>An int64 constant (1-D, or a scalar when <paramref name="scalar"/>), shared between uses.</summary>
    public string Int64s(long[] values, bool scalar = false)
    {
        var key = $"i64{(scalar ? "s" : "")}:{string.Join(",", values)}";
        if (_constants.TryGetValue(key, out var name)) return name;
        name = $"const_{_constants.Count}";
        _constants[key] = name;
        return Add(name, TensorProto.Types.DataType.Int64, scalar ? [] : [values.Length],
                   System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    /// <summary>A float32 scalar constant, shared between uses.</summary>
    public string Float(float value)
    {
        var key = $"f32:{BitConverter.SingleToInt32Bits(value)}";
        if (_constants.TryGetValue(key, out var name)) return name;
        name = $"const_{_constants.Count}";
        _constants[key] = name;
        return Add(name, TensorProto.Types.DataType.Float, [], BitConverter.GetBytes(value));
    }

    string Add(string name, TensorProto.Types.DataType type, long[] shape, byte[] raw)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(shape);
        Graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A graph input or output: a tensor of <paramref name="type"/> with named (dynamic) or fixed dims.</summary>
    public static ValueInfoProto Value(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is string p ? new TensorShapeProto.Types.Dimension { DimParam = p }
                                         : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d) });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }
}
