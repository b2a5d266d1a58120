using Contrastive.Core.Serialization;
using static TorchSharp.torch;

namespace Contrastive.TestKit;

/// <summary>Tensor inputs and exact comparisons shared by the tests.</summary>
public static class TestTensors
{
    /// <summary>Token ids (B, T) int64 from equal-length rows.</summary>
    public static Tensor Ids(params long[][] rows) =>
        tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, rows[0].Length });

    /// <summary>An attention mask (B, T) int64 of 1 (real token) and 0 (padding).</summary>
    public static Tensor Mask(params long[][] rows) => Ids(rows);

    /// <summary>Address of a float tensor's memory: equal for tensors sharing storage.</summary>
    public static IntPtr DataPtr(Tensor t) => t.storage<float>().data_ptr() + (nint)(t.storage_offset() * sizeof(float));

    /// <summary>Same shape and bitwise-equal values.</summary>
    public static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    /// <summary>Every tensor of a model folder's model.safetensors.</summary>
    public static Dictionary<string, Tensor> Weights(string modelDir) => SafeTensors.Load(Path.Combine(modelDir, "model.safetensors"));

    /// <summary>Asserts the same keys, shapes and bitwise-equal values, naming the first tensor that differs.</summary>
    public static void AssertSame(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, e) in expected)
            Assert.True(Same(e, actual[key]), $"tensor {key} differs");
    }
}
