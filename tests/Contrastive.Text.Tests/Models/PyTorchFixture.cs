using System.Text.Json;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Models;

/// <summary>
/// The files made by <c>Fixtures/PyTorch/make_bert_bin.py</c> with torch 1.13 (<c>torch.save</c>): a tiny BERT
/// (hidden 8, 2 layers) state dict in several layouts, and the reference forward pass's outputs in expected.json.
/// </summary>
internal static class PyTorchFixture
{
    public static string Dir { get; } = Path.Combine(AppContext.BaseDirectory, "Models", "Fixtures", "PyTorch");

    public static string File(string name) => Path.Combine(Dir, name);

    static readonly Lazy<JsonElement> Expected = new(() => JsonDocument.Parse(System.IO.File.ReadAllText(File("expected.json"))).RootElement);

    public static Tensor Ids => LongMatrix("input_ids");
    public static Tensor Mask => LongMatrix("attention_mask");
    public static Tensor TokenTypes => LongMatrix("token_type_ids");

    /// <summary>(B, T, H) float64 from the reference forward pass.</summary>
    public static Tensor LastHiddenState => tensor(Flatten(Expected.Value.GetProperty("last_hidden_state")).ToArray(), Shape(Expected.Value.GetProperty("last_hidden_state")));

    public static Tensor PoolerOutput => tensor(Flatten(Expected.Value.GetProperty("pooler_output")).ToArray(), Shape(Expected.Value.GetProperty("pooler_output")));

    /// <summary>Sum (float64) of each BertModel weight as Python computed it, by Hugging Face key (no prefix).</summary>
    public static IReadOnlyDictionary<string, double> WeightSums =>
        Expected.Value.GetProperty("weight_sums").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());

    /// <summary>A model folder with the fixture's config.json and <paramref name="bin"/> as pytorch_model.bin.</summary>
    public static void WriteFolder(string dir, string bin)
    {
        Directory.CreateDirectory(dir);
        System.IO.File.Copy(File("config.json"), Path.Combine(dir, "config.json"), overwrite: true);
        System.IO.File.Copy(File(bin), Path.Combine(dir, "pytorch_model.bin"), overwrite: true);
    }

    static Tensor LongMatrix(string name)
    {
        var rows = Expected.Value.GetProperty(name).EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();
        return tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, rows[0].Length });
    }

    static IEnumerable<double> Flatten(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().SelectMany(Flatten) : [e.GetDouble()];

    static long[] Shape(JsonElement e)
    {
        var shape = new List<long>();
        while (e.ValueKind == JsonValueKind.Array)
        {
            shape.Add(e.GetArrayLength());
            e = e[0];
        }
        return shape.ToArray();
    }
}
