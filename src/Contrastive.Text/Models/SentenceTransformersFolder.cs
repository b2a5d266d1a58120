using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Contrastive.Core;
using Contrastive.Core.Serialization;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using static TorchSharp.torch;

namespace Contrastive.Text.Models;

/// <summary>
/// The sentence-transformers pipeline (Reimers and Gurevych 2019) of a model folder, the single description of how
/// the Hugging Face BERT at the folder's root becomes a sentence vector. <c>modules.json</c> lists, in order:
/// <list type="bullet">
/// <item>0 = <c>models.Transformer</c> at the folder itself (<c>sentence_bert_config.json</c>: max_seq_length,
/// do_lower_case false: the tokenizer lower-cases itself);</item>
/// <item>1 = <c>models.Pooling</c> in <c>1_Pooling</c> (cls, mean, max, mean_sqrt_len), or our
/// <c>contrastive.models.LayerAveragePooling</c> for avg_first_last / avg_top2, which sentence-transformers cannot
/// compute and so refuses to load rather than giving other vectors;</item>
/// <item>then <c>models.Dense</c> layers in <c>{idx}_Dense</c> (<c>config.json</c> + <c>model.safetensors</c> with
/// <c>linear.weight</c> (out, in) and <c>linear.bias</c>): BERT's tanh pooler for SimCSE's "cls", BERT-whitening as
/// an identity Dense;</item>
/// <item>then optionally <c>models.Normalize</c>.</item>
/// </list>
/// <c>config_sentence_transformers.json</c> holds the prompts (e.g. a query prefix). <see cref="Save"/> writes
/// <c>modules.json</c> last, so it only names files already written.
/// </summary>
public static class SentenceTransformersFolder
{
    public const string ModulesFileName = "modules.json";
    public const string SentenceBertConfigFileName = "sentence_bert_config.json";
    public const string ConfigFileName = "config_sentence_transformers.json";
    public const string PoolingFolder = "1_Pooling";

    const string TransformerType = "sentence_transformers.models.Transformer";
    const string PoolingType = "sentence_transformers.models.Pooling";
    const string DenseType = "sentence_transformers.models.Dense";
    const string NormalizeType = "sentence_transformers.models.Normalize";
    const string DenseWeightsFile = "model.safetensors";

    /// <summary>The Pooling flags (all present since sentence-transformers 2.2) and the mode each one means.</summary>
    static readonly (string Flag, TokenPooling? Mode)[] PoolingFlags =
    [
        ("pooling_mode_cls_token", TokenPooling.Cls), ("pooling_mode_mean_tokens", TokenPooling.Mean),
        ("pooling_mode_max_tokens", TokenPooling.Max), ("pooling_mode_mean_sqrt_len_tokens", TokenPooling.MeanSqrtLen),
        ("pooling_mode_weightedmean_tokens", null), ("pooling_mode_lasttoken", null),
    ];

    static readonly Regex ModuleFolder = new(@"^\d+_(Pooling|Dense|Normalize|LayerAveragePooling)$", RegexOptions.CultureInvariant);

    /// <summary>Whether <paramref name="dir"/> has a <c>modules.json</c>.</summary>
    public static bool Exists(string dir) => File.Exists(Path.Combine(dir, ModulesFileName));

    /// <summary>Writes the pipeline's files into <paramref name="dir"/> (which holds or will hold the Hugging Face files).</summary>
    public static void Save(string dir, SentencePipeline pipeline, BertConfig config)
    {
        if (pipeline.MaxSeqLength < 1 || pipeline.MaxSeqLength > config.MaxPositionEmbeddings)
            throw new ContrastiveException($"max_seq_length {pipeline.MaxSeqLength} must lie in [1, max_position_embeddings {config.MaxPositionEmbeddings}].");
        Directory.CreateDirectory(dir);
        var modules = new JsonArray { Module(0, "", TransformerType) };
        var written = new HashSet<string>(StringComparer.Ordinal);

        if (pipeline.Pooling.IsSentenceTransformers())
        {
            var pooling = new JsonObject { ["word_embedding_dimension"] = config.HiddenSize };
            foreach (var (flag, mode) in PoolingFlags) pooling[flag] = mode == pipeline.Pooling;
            pooling["include_prompt"] = true;
            WriteJson(Path.Combine(dir, PoolingFolder, "config.json"), pooling);
            modules.Add(Module(1, PoolingFolder, PoolingType));
        }
        else
        {
            WriteJson(Path.Combine(dir, PoolingFolder, "config.json"), new JsonObject
            {
                ["word_embedding_dimension"] = config.HiddenSize,
                ["pooling_mode"] = pipeline.Pooling.ToName(),
            });
            modules.Add(Module(1, PoolingFolder, TokenPoolingNames.LayerAverageModuleType));
        }
        written.Add(PoolingFolder);

        foreach (var dense in pipeline.Dense)
        {
            int idx = modules.Count;
            var folder = $"{idx}_Dense";
            WriteJson(Path.Combine(dir, folder, "config.json"), new JsonObject
            {
                ["in_features"] = dense.InFeatures,
                ["out_features"] = dense.OutFeatures,
                ["bias"] = dense.Bias is not null,
                ["activation_function"] = dense.Activation.ToPythonName(),
            });
            var tensors = new Dictionary<string, Tensor> { ["linear.weight"] = dense.Weight };
            if (dense.Bias is not null) tensors["linear.bias"] = dense.Bias;
            SafeTensors.Save(Path.Combine(dir, folder, DenseWeightsFile), tensors, HuggingFaceBertFolder.PyTorchMetadata);
            modules.Add(Module(idx, folder, DenseType));
            written.Add(folder);
        }
        if (pipeline.Normalize)
        {
            int idx = modules.Count;
            var folder = $"{idx}_Normalize";
            Directory.CreateDirectory(Path.Combine(dir, folder));
            modules.Add(Module(idx, folder, NormalizeType));
            written.Add(folder);
        }
        // Module folders of an earlier save that this pipeline no longer lists would only confuse.
        foreach (var stale in Directory.EnumerateDirectories(dir).Where(d => ModuleFolder.IsMatch(Path.GetFileName(d)) && !written.Contains(Path.GetFileName(d))))
            Directory.Delete(stale, recursive: true);

        WriteJson(Path.Combine(dir, SentenceBertConfigFileName), new JsonObject
        {
            ["max_seq_length"] = pipeline.MaxSeqLength,
            ["do_lower_case"] = false,
        });
        var prompts = new JsonObject();
        foreach (var (name, text) in pipeline.Prompts) prompts[name] = text;
        WriteJson(Path.Combine(dir, ConfigFileName), new JsonObject
        {
            ["__version__"] = new JsonObject
            {
                ["sentence_transformers"] = "3.0.0",
                ["transformers"] = config.TransformersVersion,
                ["pytorch"] = "2.10.0",
            },
            ["prompts"] = prompts,
            ["default_prompt_name"] = null,
            ["similarity_fn_name"] = "cosine",
        });
        WriteJson(Path.Combine(dir, ModulesFileName), modules);   // last: the manifest names only files already written
    }

    /// <summary>
    /// Reads the pipeline of <paramref name="dir"/>: Transformer at the root, one pooling module, Dense layers,
    /// optionally Normalize. Any other module, a malformed file or weights that do not match their config throw
    /// <see cref="ContrastiveException"/> naming the file.
    /// </summary>
    /// <param name="defaultMaxSeqLength">Used when <c>sentence_bert_config.json</c> is absent.</param>
    public static SentencePipeline Read(string dir, int defaultMaxSeqLength)
    {
        var modulesPath = Path.Combine(dir, ModulesFileName);
        var modules = ReadJson(modulesPath) as JsonArray
            ?? throw new ContrastiveException($"{modulesPath}: expected a JSON array of modules.");
        var entries = modules.Select(m => (Type: Text(m, "type", modulesPath), Path: Text(m, "path", modulesPath))).ToList();
        if (entries.Count < 2 || entries[0].Type != TransformerType || entries[0].Path != "")
            throw new ContrastiveException($"{modulesPath}: the pipeline must start with a {TransformerType} at the folder itself (path \"\") followed by a pooling module; found [{string.Join(", ", entries.Select(e => e.Type))}].");

        var pooling = ReadPooling(dir, entries[1].Type, entries[1].Path, modulesPath);
        var dense = new List<DenseLayer>();
        bool normalize = false;
        foreach (var (type, path) in entries.Skip(2))
        {
            if (normalize)
                throw new ContrastiveException($"{modulesPath}: {type} after {NormalizeType} is not supported; Normalize must come last.");
            if (type == DenseType) dense.Add(ReadDense(Path.Combine(dir, path)));
            else if (type == NormalizeType) normalize = true;
            else
                throw new ContrastiveException($"{modulesPath}: module type '{type}' is not supported; expected Transformer, Pooling (or {TokenPoolingNames.LayerAverageModuleType}), Dense layers and optionally Normalize.");
        }

        return new SentencePipeline(pooling, dense, normalize, ReadMaxSeqLength(dir) ?? defaultMaxSeqLength) { Prompts = ReadPrompts(dir) };
    }

    /// <summary><c>sentence_bert_config.json</c>'s max_seq_length, or null when the file or the key is absent.</summary>
    public static int? ReadMaxSeqLength(string dir)
    {
        var path = Path.Combine(dir, SentenceBertConfigFileName);
        if (!File.Exists(path)) return null;
        var sbert = ReadJson(path) as JsonObject ?? throw new ContrastiveException($"{path}: expected a JSON object.");
        if (sbert["max_seq_length"] is not JsonNode n) return null;
        return n is JsonValue v && v.TryGetValue<int>(out var len) && len >= 3
            ? len
            : throw new ContrastiveException($"{path}: max_seq_length must be an integer >= 3, found {n.ToJsonString()}.");
    }

    static TokenPooling ReadPooling(string dir, string type, string folder, string modulesPath)
    {
        var path = Path.Combine(dir, folder, "config.json");
        if (type == TokenPoolingNames.LayerAverageModuleType)
        {
            var config = ReadJson(path) as JsonObject ?? throw new ContrastiveException($"{path}: expected a JSON object.");
            var mode = config["pooling_mode"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            return mode is "avg_first_last" or "avg_top2"
                ? TokenPoolingNames.Parse(mode)
                : throw new ContrastiveException($"{path}: pooling_mode must be \"avg_first_last\" or \"avg_top2\".");
        }
        if (type != PoolingType)
            throw new ContrastiveException($"{modulesPath}: the second module must be {PoolingType} or {TokenPoolingNames.LayerAverageModuleType}, not '{type}'.");
        var pooling = ReadJson(path) as JsonObject ?? throw new ContrastiveException($"{path}: expected a JSON object.");
        var enabled = new List<(string Flag, TokenPooling? Mode)>();
        foreach (var (flag, mode) in PoolingFlags)
        {
            if (pooling[flag] is not JsonNode node) continue;
            if (node is not JsonValue value || !value.TryGetValue<bool>(out var on))
                throw new ContrastiveException($"{path}: {flag} must be true or false, found {node.ToJsonString()}.");
            if (on) enabled.Add((flag, mode));
        }
        // sentence-transformers 3 also writes "pooling_mode": "cls" etc.; the flags win when both are present.
        if (enabled.Count == 0 && pooling["pooling_mode"] is JsonValue pm && pm.TryGetValue<string>(out var name))
            enabled.Add(($"pooling_mode {name}", name switch
            {
                "cls" => TokenPooling.Cls, "mean" => TokenPooling.Mean, "max" => TokenPooling.Max,
                "mean_sqrt_len_tokens" => TokenPooling.MeanSqrtLen, _ => null,
            }));
        if (enabled.Count != 1 || enabled[0].Mode is null)
            throw new ContrastiveException($"{path}: pooling [{string.Join(", ", enabled.Select(e => e.Flag))}] is not supported; exactly one of pooling_mode_cls_token, pooling_mode_mean_tokens, pooling_mode_max_tokens, pooling_mode_mean_sqrt_len_tokens must be true.");
        return enabled[0].Mode!.Value;
    }

    static DenseLayer ReadDense(string folder)
    {
        var configPath = Path.Combine(folder, "config.json");
        var config = ReadJson(configPath) as JsonObject ?? throw new ContrastiveException($"{configPath}: expected a JSON object.");
        long? inFeatures = Number(config, "in_features"), outFeatures = Number(config, "out_features");
        if (inFeatures is not > 0 || outFeatures is not > 0)
            throw new ContrastiveException($"{configPath}: in_features and out_features must be positive integers.");
        bool bias = config["bias"] is null || (config["bias"] is JsonValue bv && bv.TryGetValue<bool>(out var hasBias) && hasBias);
        var activationName = config["activation_function"] is JsonValue a && a.TryGetValue<string>(out var an) ? an : DenseActivationNames.Tanh;
        var activation = DenseActivationNames.TryParse(activationName)
            ?? throw new ContrastiveException($"{configPath}: activation_function '{activationName}' is not supported; use {DenseActivationNames.Tanh} or {DenseActivationNames.Identity}.");
        var weightsPath = Path.Combine(folder, DenseWeightsFile);
        if (!File.Exists(weightsPath))
            throw new ContrastiveException(File.Exists(Path.Combine(folder, "pytorch_model.bin"))
                ? $"{folder}: only pytorch_model.bin is present; save the Dense layer as {DenseWeightsFile}."
                : $"{weightsPath}: Dense weights file not found.");
        var tensors = SafeTensors.Load(weightsPath);
        try
        {
            var weight = RequireTensor(tensors, "linear.weight", weightsPath, [outFeatures.Value, inFeatures.Value]);
            var b = bias ? RequireTensor(tensors, "linear.bias", weightsPath, [outFeatures.Value]) : null;
            return new DenseLayer(weight, b, activation);
        }
        finally
        {
            foreach (var (key, t) in tensors)
                if (key is not ("linear.weight" or "linear.bias")) t.Dispose();
        }
    }

    static Tensor RequireTensor(Dictionary<string, Tensor> tensors, string key, string path, long[] shape)
    {
        if (!tensors.TryGetValue(key, out var t)) throw new ContrastiveException($"{path}: the tensor '{key}' is missing.");
        if (!t.shape.SequenceEqual(shape))
            throw new ContrastiveException($"{path}: tensor '{key}' has shape [{string.Join(", ", t.shape)}] but its config.json says [{string.Join(", ", shape)}].");
        if (!t.is_floating_point()) throw new ContrastiveException($"{path}: tensor '{key}' has dtype {t.dtype}, not a floating-point type.");
        if (!isfinite(t).all().item<bool>()) throw new ContrastiveException($"{path}: tensor '{key}' contains NaN or infinite values.");
        return t.to(ScalarType.Float32);
    }

    static IReadOnlyDictionary<string, string> ReadPrompts(string dir)
    {
        var path = Path.Combine(dir, ConfigFileName);
        var prompts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path)) return prompts;
        var config = ReadJson(path) as JsonObject ?? throw new ContrastiveException($"{path}: expected a JSON object.");
        if (config["prompts"] is null) return prompts;
        if (config["prompts"] is not JsonObject o)
            throw new ContrastiveException($"{path}: prompts must be an object of name -> text.");
        foreach (var (name, value) in o)
            prompts[name] = value is JsonValue v && v.TryGetValue<string>(out var text)
                ? text
                : throw new ContrastiveException($"{path}: prompt '{name}' must be a string.");
        return prompts;
    }

    static JsonObject Module(int idx, string path, string type) => new()
    {
        ["idx"] = idx,
        ["name"] = idx.ToString(CultureInfo.InvariantCulture),
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
            return StrictJson.Parse(File.ReadAllText(path));
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
