using TorchSharp;

namespace Contrastive.Core.Serialization;

/// <summary>The safetensors dtype names this project reads and writes, and their TorchSharp types.</summary>
public static class SafeTensorsDType
{
    static readonly (string Name, torch.ScalarType Type, int Size)[] Known =
    [
        ("F64", torch.ScalarType.Float64, 8), ("F32", torch.ScalarType.Float32, 4),
        ("F16", torch.ScalarType.Float16, 2), ("BF16", torch.ScalarType.BFloat16, 2),
        ("I64", torch.ScalarType.Int64, 8), ("I32", torch.ScalarType.Int32, 4),
        ("I16", torch.ScalarType.Int16, 2), ("I8", torch.ScalarType.Int8, 1),
        ("U8", torch.ScalarType.Byte, 1), ("BOOL", torch.ScalarType.Bool, 1),
    ];

    public static bool IsKnown(string name) => Array.Exists(Known, k => k.Name == name);

    public static int SizeOf(string name) => Array.Find(Known, k => k.Name == name).Size is var s && s > 0
        ? s : throw new ArgumentException($"unknown safetensors dtype '{name}'", nameof(name));

    public static torch.ScalarType ToScalarType(string name) => IsKnown(name)
        ? Array.Find(Known, k => k.Name == name).Type
        : throw new ArgumentException($"unknown safetensors dtype '{name}'", nameof(name));

    public static string FromScalarType(torch.ScalarType type) => Array.Exists(Known, k => k.Type == type)
        ? Array.Find(Known, k => k.Type == type).Name
        : throw new ContrastiveException($"tensors of type {type} cannot be written to safetensors by this project");
}
