using TorchSharp;

namespace Contrastive.Core.Serialization;

/// <summary>One tensor's entry in a safetensors header: dtype name, shape, and byte range in the data section.</summary>
public sealed record SafeTensorsEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    public torch.ScalarType ScalarType => SafeTensorsDType.ToScalarType(DType);
}

/// <summary>
/// The parsed and validated header of a safetensors file
/// (format: https://github.com/huggingface/safetensors — 8-byte little-endian header length N, N bytes of UTF-8
/// JSON mapping names to {dtype, shape, data_offsets} plus an optional "__metadata__" string map, then the raw
/// little-endian bytes of every tensor; offsets are relative to the start of the data section).
/// </summary>
public sealed record SafeTensorsHeader(IReadOnlyDictionary<string, SafeTensorsEntry> Tensors,
                                       IReadOnlyDictionary<string, string> Metadata,
                                       long DataStart);
