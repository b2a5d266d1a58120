using Contrastive.Core;
using Contrastive.Core.PostProcessing;
using Contrastive.Text.Bert;
using Contrastive.Text.Models;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tokenization;

namespace Contrastive.Text.Inference;

/// <summary>
/// A sentence-encoder model folder: a Hugging Face BERT folder (<c>config.json</c>, <c>model.safetensors</c>,
/// <c>vocab.txt</c>, tokenizer files), sentence-transformers' <c>modules.json</c> pipeline where the pooler has an
/// equivalent, and <c>contrastive.json</c>. Python users open it with <c>BertModel.from_pretrained(dir)</c> or
/// <c>SentenceTransformer(dir)</c>.
/// </summary>
public static class SentenceEncoderFolder
{
    public static void Save(string directory, BertModel bert, WordPieceTokenizer tokenizer, SentenceEncoderManifest manifest)
    {
        Directory.CreateDirectory(directory);
        HuggingFaceBertFolder.Save(directory, bert);
        tokenizer.SaveTo(directory);
        var pooler = PoolerTypeNames.Parse(manifest.Pooler);
        if (pooler is not (PoolerType.AvgFirstLast or PoolerType.AvgTop2))   // no sentence-transformers equivalent
            SentenceTransformersFolder.Save(directory, bert, pooler, manifest.MaxSeqLength);
        manifest.Save(directory);
    }

    /// <summary>
    /// Loads an encoder. The pooler is, in order: <paramref name="poolerOverride"/>, <c>contrastive.json</c>,
    /// the sentence-transformers pooling config, else <c>cls</c> (SimCSE's default).
    /// </summary>
    public static SentenceEncoder Load(string directory, string? poolerOverride = null, int? maxSeqLength = null)
    {
        if (!Directory.Exists(directory)) throw new ContrastiveException($"{directory}: model folder not found.");
        if (maxSeqLength < 3)
            throw new ContrastiveException($"The maximum sequence length must be at least 3 ([CLS] token [SEP]); got {maxSeqLength}.");
        var manifest = SentenceEncoderManifest.TryLoad(directory);
        var pooler = ReadPooler(directory, manifest, poolerOverride);
        var bert = HuggingFaceBertFolder.Load(directory);
        var tokenizer = WordPieceTokenizer.FromDirectory(directory);
        var whitening = manifest?.Whitening is { } w ? Whitening.Load(Path.Combine(directory, w)) : null;
        return new SentenceEncoder(bert, tokenizer, pooler, ReadMaxSeqLength(manifest, maxSeqLength), whitening);
    }

    /// <summary>The folder's pooler: <paramref name="poolerOverride"/>, <c>contrastive.json</c>, the
    /// sentence-transformers pooling config, else <c>cls</c>.</summary>
    public static PoolerType ReadPooler(string directory, SentenceEncoderManifest? manifest, string? poolerOverride = null) =>
        poolerOverride is not null ? PoolerTypeNames.Parse(poolerOverride)
            : manifest is not null ? PoolerTypeNames.Parse(manifest.Pooler)
            : File.Exists(Path.Combine(directory, SentenceTransformersFolder.ModulesFileName)) ? SentenceTransformersFolder.ReadPooler(directory)
            : PoolerType.Cls;

    /// <summary>The maximum sequence length: <paramref name="maxSeqLength"/>, <c>contrastive.json</c>, else
    /// <see cref="SentenceEncoder.DefaultMaxSeqLength"/> (not yet capped by the model's positions).</summary>
    public static int ReadMaxSeqLength(SentenceEncoderManifest? manifest, int? maxSeqLength = null) =>
        maxSeqLength ?? manifest?.MaxSeqLength ?? SentenceEncoder.DefaultMaxSeqLength;

    /// <summary>The file name used by <see cref="AddWhitening"/>.</summary>
    public const string WhiteningFileName = "whitening.safetensors";

    /// <summary>
    /// Saves <paramref name="whitening"/> into a model folder and records it in <c>contrastive.json</c>, so that
    /// <see cref="Load"/> applies it to every embedding. The pooler is the folder's own unless overridden.
    /// </summary>
    public static void AddWhitening(string directory, Whitening whitening, string? pooler = null, int? maxSeqLength = null)
    {
        var manifest = SentenceEncoderManifest.TryLoad(directory)
            ?? new SentenceEncoderManifest(pooler ?? PoolerType.Cls.ToName(), maxSeqLength ?? SentenceEncoder.DefaultMaxSeqLength);
        whitening.Save(Path.Combine(directory, WhiteningFileName));
        (manifest with
        {
            Pooler = pooler ?? manifest.Pooler,
            MaxSeqLength = maxSeqLength ?? manifest.MaxSeqLength,
            Whitening = WhiteningFileName,
        }).Save(directory);
    }
}
