using System.Text.Json;
using System.Text.Json.Nodes;
using Contrastive.Core;
using Contrastive.Core.Serialization;
using Contrastive.Text.Bert;
using Contrastive.Text.Pooling;
using static TorchSharp.torch;

namespace Contrastive.Text.Models;

/// <summary>
/// The sentence-transformers layout (Reimers and Gurevych 2019) written beside a Hugging Face folder
/// (<see cref="HuggingFaceBertFolder"/>), so that <c>SentenceTransformer(dir)</c> reproduces our sentence embeddings:
/// <list type="bullet">
/// <item><c>modules.json</c>: 0 = <c>models.Transformer</c> at the folder itself, 1 = <c>models.Pooling</c> in
/// <c>1_Pooling</c>, and for "cls" 2 = <c>models.Dense</c> in <c>2_Dense</c> (tanh, the BERT pooler's weights as
/// <c>linear.weight</c>/<c>linear.bias</c>), since sentence-transformers' Transformer module does not run BERT's pooler;</item>
/// <item><c>sentence_bert_config.json</c> (max_seq_length, do_lower_case false: the tokenizer lower-cases itself);</item>
/// <item><c>config_sentence_transformers.json</c>; <c>1_Pooling/config.json</c> with the <c>pooling_mode_*</c> flags.</item>
/// </list>
/// Mapping: cls -> CLS token + Dense(tanh); cls_before_pooler -> CLS token; avg -> mean tokens. avg_first_last and
/// avg_top2 read intermediate layers, which sentence-transformers' Pooling cannot, so they are refused.
/// </summary>
public static class SentenceTransformersFolder
{
    public const string ModulesFileName = "modules.json";
    public const string SentenceBertConfigFileName = "sentence_bert_config.json";
    public const string ConfigFileName = "config_sentence_transformers.json";
    public const string PoolingFolder = "1_Pooling";
    public const string DenseFolder = "2_Dense";

    const string TransformerType = "sentence_transformers.models.Transformer";
    const string PoolingType = "sentence_transformers.models.Pooling";
    const string DenseType = "sentence_transformers.models.Dense";
    const string TanhActivation = "torch.nn.modules.activation.Tanh";

    /// <summary>The Pooling flags written (all present since sentence-transformers 2.2).</summary>
    static readonly string[] PoolingModes =
    [
        "pooling_mode_cls_token", "pooling_mode_mean_tokens", "pooling_mode_max_tokens",
        "pooling_mode_mean_sqrt_len_tokens", "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken",
    ];

    /// <summary>Writes the sentence-transformers files into <paramref name="dir"/> (which holds or will hold the Hugging Face files).</summary>
    /// <param name="maxSeqLength">Tokens per input, in [1, max_position_embeddings].</param>
    public static void Save(string dir, BertModel model, PoolerType pooler, int maxSeqLength)
    {
        var config = model.Config;
        if (maxSeqLength < 1 || maxSeqLength > config.MaxPositionEmbeddings)
            throw new ContrastiveException($"max_seq_length {maxSeqLength} must lie in [1, max_position_embeddings {config.MaxPositionEmbeddings}].");
        string mode = pooler switch
        {
            PoolerType.Cls or PoolerType.ClsBeforePooler => "pooling_mode_cls_token",
            PoolerType.Avg => "pooling_mode_mean_tokens",
            _ => throw new ContrastiveException($"Pooler type '{pooler.ToName()}' has no sentence-transformers equivalent (its Pooling module cannot average intermediate layers); use cls, cls_before_pooler or avg."),
        };
        if (pooler == PoolerType.Cls && model.pooler is null)
            throw new ContrastiveException("Pooler type 'cls' needs the BERT pooler, but this model has none.");

        Directory.CreateDirectory(dir);
        var modules = new JsonArray
        {
            Module(0, "", TransformerType),
            Module(1, PoolingFolder, PoolingType),
        };
        if (pooler == PoolerType.Cls)
        {
            modules.Add(Module(2, DenseFolder, DenseType));
            var dense = model.pooler!.dense;
            WriteJson(Path.Combine(dir, DenseFolder, "config.json"), new JsonObject
            {
                ["in_features"] = config.HiddenSize,
                ["out_features"] = config.HiddenSize,
                ["bias"] = true,
                ["activation_function"] = TanhActivation,
            });
            SafeTensors.Save(Path.Combine(dir, DenseFolder, "model.safetensors"),
                new Dictionary<string, Tensor> { ["linear.weight"] = dense.weight!, ["linear.bias"] = dense.bias! },
                HuggingFaceBertFolder.PyTorchMetadata);
        }
        else
        {
            // A Dense folder left by an earlier "cls" save would no longer be listed; remove it to avoid confusion.
            var stale = Path.Combine(dir, DenseFolder);
            if (Directory.Exists(stale)) Directory.Delete(stale, recursive: true);
        }

        var pooling = new JsonObject { ["word_embedding_dimension"] = config.HiddenSize };
        foreach (var m in PoolingModes) pooling[m] = m == mode;
        WriteJson(Path.Combine(dir, PoolingFolder, "config.json"), pooling);
        WriteJson(Path.Combine(dir, SentenceBertConfigFileName), new JsonObject
        {
            ["max_seq_length"] = maxSeqLength,
            ["do_lower_case"] = false,
        });
        WriteJson(Path.Combine(dir, ConfigFileName), new JsonObject
        {
            ["__version__"] = new JsonObject
            {
                ["sentence_transformers"] = "3.0.0",
                ["transformers"] = config.TransformersVersion,
                ["pytorch"] = "2.10.0",
            },
            ["prompts"] = new JsonObject(),
            ["default_prompt_name"] = null,
            ["similarity_fn_name"] = "cosine",
        });
        WriteJson(Path.Combine(dir, ModulesFileName), modules);   // last: the manifest names only files already written
    }

    /// <summary>
    /// Recovers our <see cref="PoolerType"/> from a sentence-transformers folder: CLS token + Dense(tanh, H -> H) is
    /// "cls" (the Dense is taken to be BERT's pooler, as <see cref="Save"/> writes it), CLS token alone
    /// "cls_before_pooler", mean tokens "avg". Anything else (other pooling modes, other modules such as Normalize)
    /// throws <see cref="ContrastiveException"/>.
    /// </summary>
    public static PoolerType ReadPooler(string dir)
    {
        var modulesPath = Path.Combine(dir, ModulesFileName);
        var modules = ReadJson(modulesPath) as JsonArray
            ?? throw new ContrastiveException($"{modulesPath}: expected a JSON array of modules.");
        var entries = modules.Select(m => (
            Type: Text(m, "type", modulesPath),
            Path: Text(m, "path", modulesPath))).ToList();
        var types = entries.Select(e => e.Type).ToList();
        bool withDense = types.SequenceEqual([TransformerType, PoolingType, DenseType]);
        if (!withDense && !types.SequenceEqual([TransformerType, PoolingType]))
            throw new ContrastiveException($"{modulesPath}: modules [{string.Join(", ", types)}] are not supported; expected Transformer, Pooling and optionally Dense (tanh).");

        var poolingPath = Path.Combine(dir, entries[1].Path, "config.json");
        var pooling = ReadJson(poolingPath) as JsonObject
            ?? throw new ContrastiveException($"{poolingPath}: expected a JSON object.");
        var enabled = PoolingModes.Where(m => pooling[m] is JsonValue v && v.TryGetValue<bool>(out var b) && b).ToList();
        if (enabled.Count != 1 || enabled[0] is not ("pooling_mode_cls_token" or "pooling_mode_mean_tokens"))
            throw new ContrastiveException($"{poolingPath}: pooling modes [{string.Join(", ", enabled)}] are not supported; exactly one of pooling_mode_cls_token, pooling_mode_mean_tokens must be true.");
        bool cls = enabled[0] == "pooling_mode_cls_token";

        if (!withDense) return cls ? PoolerType.ClsBeforePooler : PoolerType.Avg;

        var densePath = Path.Combine(dir, entries[2].Path, "config.json");
        var dense = ReadJson(densePath) as JsonObject
            ?? throw new ContrastiveException($"{densePath}: expected a JSON object.");
        long? inFeatures = Number(dense, "in_features"), outFeatures = Number(dense, "out_features");
        bool square = inFeatures is > 0 && inFeatures == outFeatures;
        bool tanh = dense["activation_function"] is JsonValue a && a.TryGetValue<string>(out var activation) && activation == TanhActivation;
        bool bias = dense["bias"] is null || (dense["bias"] is JsonValue bv && bv.TryGetValue<bool>(out var hasBias) && hasBias);
        if (!cls || !square || !tanh || !bias)
            throw new ContrastiveException($"{densePath}: only a square Dense layer with bias and tanh after CLS pooling (BERT's pooler) is supported.");
        return PoolerType.Cls;
    }

    static JsonObject Module(int idx, string path, string type) => new()
    {
        ["idx"] = idx,
        ["name"] = idx.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["path"] = path,
        ["type"] = type,
    };

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    static void WriteJson(string path, JsonNode node)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, node.ToJsonString(Indented) + "\n");
    }

    static JsonNode? ReadJson(string path)
    {
        if (!File.Exists(path)) throw new ContrastiveException($"{path}: file not found (not a sentence-transformers folder?).");
        try
        {
            return JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ContrastiveException($"{path}: malformed JSON ({e.Message}).", e);
        }
    }

    static long? Number(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    static string Text(JsonNode? node, string name, string path) =>
        node is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new ContrastiveException($"{path}: every module needs a string \"{name}\".");
}
