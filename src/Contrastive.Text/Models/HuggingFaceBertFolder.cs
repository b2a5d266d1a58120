using Contrastive.Core;
using Contrastive.Core.Serialization;
using Contrastive.Text.Bert;
using static TorchSharp.torch;

namespace Contrastive.Text.Models;

/// <summary>
/// Reads and writes Hugging Face model folders (<c>config.json</c> + <c>model.safetensors</c>, or for reading only a
/// <c>pytorch_model.bin</c> state dict, see <see cref="PyTorchCheckpoint"/>) for
/// <see cref="BertModel"/> and <see cref="BertForMaskedLM"/>, so checkpoints move between this library and
/// <c>transformers.BertModel.from_pretrained(dir)</c> unchanged. Tokenizer files are the caller's business.
/// <para>Loading renames keys as <c>transformers</c> does: a leading <c>bert.</c> is stripped (for an MLM model,
/// added), the old TensorFlow-era <c>LayerNorm.gamma</c>/<c>LayerNorm.beta</c> become <c>.weight</c>/<c>.bias</c>,
/// and <c>embeddings.position_ids</c> (a buffer, not a weight) is ignored. For the bare encoder every <c>cls.*</c>
/// key (MLM and next-sentence heads) is ignored; for the MLM model <c>cls.predictions.*</c> is loaded, while the
/// tied <c>cls.predictions.decoder.weight</c>, the duplicate <c>cls.predictions.decoder.bias</c> and the
/// next-sentence head <c>cls.seq_relationship.*</c> are ignored.</para>
/// </summary>
public static class HuggingFaceBertFolder
{
    public const string ConfigFileName = "config.json";
    public const string WeightsFileName = "model.safetensors";

    /// <summary>safetensors metadata that <c>transformers</c> requires (it rejects files without a "pt" format).</summary>
    internal static readonly IReadOnlyDictionary<string, string> PyTorchMetadata = new Dictionary<string, string> { ["format"] = "pt" };

    /// <summary>Builds a <see cref="BertModel"/> (with pooler) from <paramref name="dir"/>'s config and weights.</summary>
    /// <param name="allowMissingKeys">Accept model weights absent from the file (they keep their random initial values).</param>
    /// <param name="allowUnexpectedKeys">Accept file tensors the model has no place for (they are dropped).</param>
    /// <param name="generator">Initialises the weights before loading (matters only for missing keys).</param>
    /// <param name="configure">Changes the saved config before the model is built, for settings that do not change
    /// the weights' shapes (e.g. the dropout probabilities).</param>
    /// <param name="log">Receives the warning when the file has no pooler weights (null: stderr).</param>
    /// <remarks>A checkpoint saved without BERT's pooler (<c>add_pooling_layer=False</c>, e.g. arctic-embed-xs) loads as
    /// in Hugging Face: the pooler keeps its initial weights, N(0, initializer_range) and zero bias, with a warning
    /// naming the keys; only SimCSE's "cls" pooler uses them.</remarks>
    public static BertModel Load(string dir, bool allowMissingKeys = false, bool allowUnexpectedKeys = false, Generator? generator = null,
                                 Func<BertConfig, BertConfig>? configure = null, Action<string>? log = null)
    {
        var (config, weightsPath) = Locate(dir);
        if (configure is not null) config = configure(config).Validate();
        var file = ReadWeights(weightsPath);
        var model = new BertModel(config, addPoolingLayer: true, generator);
        try
        {
            var missingPooler = file.Keys.Any(k => EncoderKey(k)?.StartsWith("pooler.", StringComparison.Ordinal) == true)
                ? [] : model.pooler!.named_parameters().Select(p => "pooler." + p.name).Order(StringComparer.Ordinal).ToList();
            CopyWeights(model, weightsPath, file, key => EncoderKey(key), allowMissingKeys, allowUnexpectedKeys, missingPooler);
            if (missingPooler.Count > 0)
                (log ?? Console.Error.WriteLine)($"warning: {weightsPath} has no pooler weights ({string.Join(", ", missingPooler)}): they are newly initialised (normal(0, {config.InitializerRange}), zero bias) as Hugging Face does; only the 'cls' pooler uses them.");
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            Dispose(file);
        }
    }

    /// <summary>
    /// Builds a <see cref="BertForMaskedLM"/> from <paramref name="dir"/>, keeping <c>cls.predictions.*</c>; the decoder
    /// stays tied to the word embeddings. The encoder gets a pooler exactly when the file has pooler weights.
    /// </summary>
    public static BertForMaskedLM LoadMaskedLm(string dir, bool allowMissingKeys = false, bool allowUnexpectedKeys = false, Generator? generator = null)
    {
        var (config, weightsPath) = Locate(dir);
        var file = ReadWeights(weightsPath);
        try
        {
            bool hasPooler = file.Keys.Any(k => StripBertPrefix(k).StartsWith("pooler.", StringComparison.Ordinal));
            var model = new BertForMaskedLM(new BertModel(config, addPoolingLayer: hasPooler, generator), generator);
            try
            {
                CopyMaskedLmWeights(model, weightsPath, file, allowMissingKeys, allowUnexpectedKeys);
                return model;
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
        finally
        {
            Dispose(file);
        }
    }

    /// <summary>Copies the weights of a safetensors or pytorch_model.bin file into <paramref name="model"/> (encoder key names).</summary>
    public static WeightLoadReport LoadWeights(BertModel model, string weightsPath, bool allowMissingKeys = false, bool allowUnexpectedKeys = false)
    {
        var file = ReadWeights(weightsPath);
        try
        {
            return CopyWeights(model, weightsPath, file, key => EncoderKey(key), allowMissingKeys, allowUnexpectedKeys);
        }
        finally
        {
            Dispose(file);
        }
    }

    /// <summary>Copies the weights of a safetensors or pytorch_model.bin file into <paramref name="model"/> (MLM key names).</summary>
    public static WeightLoadReport LoadWeights(BertForMaskedLM model, string weightsPath, bool allowMissingKeys = false, bool allowUnexpectedKeys = false)
    {
        var file = ReadWeights(weightsPath);
        try
        {
            return CopyMaskedLmWeights(model, weightsPath, file, allowMissingKeys, allowUnexpectedKeys);
        }
        finally
        {
            Dispose(file);
        }
    }

    static WeightLoadReport CopyMaskedLmWeights(BertForMaskedLM model, string weightsPath, Dictionary<string, Tensor> file,
                                                bool allowMissingKeys, bool allowUnexpectedKeys)
    {
        bool hasBias = file.ContainsKey("cls.predictions.bias");
        return CopyWeights(model, weightsPath, file, key => MaskedLmKey(key, hasBias), allowMissingKeys, allowUnexpectedKeys);
    }

    /// <summary>
    /// Writes <paramref name="dir"/>/config.json (architectures ["BertModel"]) and model.safetensors with exactly
    /// Hugging Face's key names, both atomically.
    /// </summary>
    public static void Save(string dir, BertModel model)
        => Save(dir, model.Config with { Architectures = ["BertModel"] }, model.state_dict());

    /// <summary>
    /// Writes an MLM folder (architectures ["BertForMaskedLM"]): keys <c>bert.*</c> and <c>cls.predictions.*</c>;
    /// the decoder weight, tied to the word embeddings, is not duplicated (as <c>save_pretrained</c> does).
    /// </summary>
    public static void Save(string dir, BertForMaskedLM model)
        => Save(dir, model.Config with { Architectures = ["BertForMaskedLM"] }, model.state_dict());

    /// <summary>The encoder key a file key maps to, or null when it is ignored.</summary>
    internal static string? EncoderKey(string fileKey)
    {
        var key = StripBertPrefix(RenameGammaBeta(fileKey));
        if (key.StartsWith("cls.", StringComparison.Ordinal) || key == "embeddings.position_ids") return null;
        return key;
    }

    /// <summary>The MLM-model key a file key maps to, or null when it is ignored.</summary>
    /// <param name="fileHasBias">Whether the file has <c>cls.predictions.bias</c> (else the decoder's bias stands in for it).</param>
    internal static string? MaskedLmKey(string fileKey, bool fileHasBias)
    {
        var key = RenameGammaBeta(fileKey);
        if (key.StartsWith("cls.", StringComparison.Ordinal))
        {
            if (key == "cls.predictions.decoder.weight" || key.StartsWith("cls.seq_relationship.", StringComparison.Ordinal)) return null;
            if (key == "cls.predictions.decoder.bias") return fileHasBias ? null : "cls.predictions.bias";
            return key;
        }
        key = StripBertPrefix(key);
        return key == "embeddings.position_ids" ? null : "bert." + key;
    }

    static string StripBertPrefix(string key) => key.StartsWith("bert.", StringComparison.Ordinal) ? key["bert.".Length..] : key;

    static string RenameGammaBeta(string key) =>
        key.EndsWith("LayerNorm.gamma", StringComparison.Ordinal) ? key[..^"gamma".Length] + "weight"
        : key.EndsWith("LayerNorm.beta", StringComparison.Ordinal) ? key[..^"beta".Length] + "bias"
        : key;

    static (BertConfig Config, string WeightsPath) Locate(string dir)
    {
        if (!Directory.Exists(dir)) throw new ContrastiveException($"{dir}: model folder not found.");
        var config = BertConfig.Load(Path.Combine(dir, ConfigFileName));
        var weights = Path.Combine(dir, WeightsFileName);
        if (File.Exists(weights)) return (config, weights);
        var bin = Path.Combine(dir, PyTorchCheckpoint.FileName);
        if (File.Exists(bin)) return (config, bin);
        foreach (var index in new[] { "model.safetensors.index.json", "pytorch_model.bin.index.json" })
            if (File.Exists(Path.Combine(dir, index)))
                throw new ContrastiveException($"{dir}: sharded checkpoints ({index}) are not supported; save the model as one {WeightsFileName}.");
        throw new ContrastiveException($"{weights}: weights file not found (nor {PyTorchCheckpoint.FileName}).");
    }

    static bool IsPyTorchCheckpoint(string weightsPath) => weightsPath.EndsWith(".bin", StringComparison.OrdinalIgnoreCase);

    static Dictionary<string, Tensor> ReadWeights(string weightsPath) =>
        IsPyTorchCheckpoint(weightsPath) ? PyTorchCheckpoint.Load(weightsPath) : SafeTensors.Load(weightsPath);

    static void Dispose(Dictionary<string, Tensor> file)
    {
        foreach (var t in file.Values) t.Dispose();
    }

    /// <summary>Copies <paramref name="file"/> (the tensors of <paramref name="weightsPath"/>, read once by the caller,
    /// who disposes them) into <paramref name="model"/> under <paramref name="mapKey"/>.</summary>
    static WeightLoadReport CopyWeights(nn.Module model, string weightsPath, Dictionary<string, Tensor> file, Func<string, string?> mapKey,
                                        bool allowMissingKeys, bool allowUnexpectedKeys, IReadOnlyCollection<string>? toleratedMissing = null)
    {
        var target = model.state_dict();
        var mapped = new Dictionary<string, string>(StringComparer.Ordinal);   // model key -> file key
        var unexpected = new List<string>();
        foreach (var fileKey in file.Keys.Order(StringComparer.Ordinal))
        {
            var key = mapKey(fileKey);
            if (key is null) continue;
            if (mapped.TryGetValue(key, out var other))
                throw new ContrastiveException($"{weightsPath}: tensors '{other}' and '{fileKey}' both map to the model weight '{key}'.");
            mapped[key] = fileKey;
            if (!target.ContainsKey(key)) unexpected.Add(key);
        }
        var missing = target.Keys.Where(k => !mapped.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();

        var problems = new List<string>();
        if (missing.Any(k => toleratedMissing?.Contains(k) != true) && !allowMissingKeys) problems.Add($"missing keys {List(missing)}");
        if (unexpected.Count > 0 && !allowUnexpectedKeys) problems.Add($"unexpected keys {List(unexpected)}");
        if (problems.Count > 0)
            throw new ContrastiveException($"{weightsPath}: the weights do not match the model: {string.Join("; ", problems)}.");

        foreach (var (key, fileKey) in mapped)
        {
            if (!target.TryGetValue(key, out var param)) continue;
            var source = file[fileKey];
            if (!source.shape.SequenceEqual(param.shape))
                throw new ContrastiveException($"{weightsPath}: tensor '{fileKey}' has shape [{string.Join(", ", source.shape)}] but the model's '{key}' has shape [{string.Join(", ", param.shape)}].");
            if (!source.is_floating_point())
                throw new ContrastiveException($"{weightsPath}: tensor '{fileKey}' has dtype {source.dtype}, not a floating-point type.");
            if (!isfinite(source).all().item<bool>())
                throw new ContrastiveException($"{weightsPath}: tensor '{fileKey}' contains NaN or infinite values.");
        }
        using (no_grad())
        {
            foreach (var (key, fileKey) in mapped)
                if (target.TryGetValue(key, out var param))
                    param.copy_(file[fileKey]);   // converts dtype (e.g. F16 -> F32) and device
        }
        return new WeightLoadReport(missing, unexpected);
    }

    static void Save(string dir, BertConfig config, Dictionary<string, Tensor> stateDict)
    {
        Directory.CreateDirectory(dir);
        SafeTensors.Save(Path.Combine(dir, WeightsFileName), stateDict, PyTorchMetadata);
        config.Save(Path.Combine(dir, ConfigFileName));
    }

    static string List(IReadOnlyList<string> keys, int max = 12) =>
        keys.Count <= max ? string.Join(", ", keys) : $"{string.Join(", ", keys.Take(max))} and {keys.Count - max} more";
}
