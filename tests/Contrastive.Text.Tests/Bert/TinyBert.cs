using Contrastive.Text.Bert;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Bert;

/// <summary>Tiny BERT configurations and inputs shared by the BERT, pooling and model-folder tests.</summary>
internal static class TinyBert
{
    /// <summary>hidden 32, 2 layers, 4 heads, FFN 64, vocab 100, 16 positions.</summary>
    public static BertConfig Config { get; } = new()
    {
        VocabSize = 100,
        HiddenSize = 32,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        IntermediateSize = 64,
        MaxPositionEmbeddings = 16,
    };

    public static BertModel Model(long seed = 1, bool eval = true)
    {
        var model = new BertModel(Config, generator: new Generator((ulong)seed, CPU));
        if (eval) model.eval();
        return model;
    }

    /// <summary>Token ids (B, T) int64.</summary>
    public static Tensor Ids(params long[][] rows) =>
        tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, rows[0].Length });

    public static Tensor Mask(params long[][] rows) => Ids(rows);

    /// <summary>Address of a float tensor's memory: equal for tensors sharing storage.</summary>
    public static IntPtr DataPtr(Tensor t) => t.storage<float>().data_ptr() + (nint)(t.storage_offset() * sizeof(float));

    /// <summary>Same shape and bitwise-equal values.</summary>
    public static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    /// <summary>The Hugging Face BertModel state-dict keys for <paramref name="layers"/> layers (pooler included).</summary>
    public static IEnumerable<string> HuggingFaceKeys(int layers)
    {
        yield return "embeddings.word_embeddings.weight";
        yield return "embeddings.position_embeddings.weight";
        yield return "embeddings.token_type_embeddings.weight";
        yield return "embeddings.LayerNorm.weight";
        yield return "embeddings.LayerNorm.bias";
        for (int i = 0; i < layers; i++)
        {
            foreach (var p in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
                                      "attention.output.LayerNorm", "intermediate.dense", "output.dense", "output.LayerNorm" })
            {
                yield return $"encoder.layer.{i}.{p}.weight";
                yield return $"encoder.layer.{i}.{p}.bias";
            }
        }
        yield return "pooler.dense.weight";
        yield return "pooler.dense.bias";
    }
}
