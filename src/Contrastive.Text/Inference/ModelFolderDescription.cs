using Contrastive.Core.PostProcessing;
using Contrastive.Text.Bert;
using Contrastive.Text.Models;
using Contrastive.Text.Pooling;

namespace Contrastive.Text.Inference;

/// <summary>
/// How a model folder computes sentence vectors, read once from its files: its sentence-transformers
/// <c>modules.json</c> pipeline, or the <c>contrastive.json</c> of an earlier version (which wins when both exist), or
/// neither (a plain Hugging Face folder: <see cref="SentenceEncoderFolder.DefaultPooler"/>). The TorchSharp loader
/// (<see cref="SentenceEncoderFolder.Load"/>) builds its pipeline from it and the ONNX backend checks an exported graph
/// against it, so both backends read a folder the same way.
/// </summary>
/// <param name="Directory">The folder.</param>
/// <param name="Pipeline"><c>modules.json</c>'s pipeline; null when the folder has none or has <paramref name="Legacy"/>.</param>
/// <param name="Legacy">An earlier version's <c>contrastive.json</c>, or null.</param>
public sealed record ModelFolderDescription(string Directory, SentencePipeline? Pipeline, SentenceEncoderManifest? Legacy)
{
    /// <summary>Reads <c>contrastive.json</c>, else <c>modules.json</c> and its module folders; a malformed file throws
    /// <see cref="Core.ContrastiveException"/> naming it. The Transformer's own files are not read here.</summary>
    public static ModelFolderDescription Read(string directory)
    {
        var legacy = SentenceEncoderManifest.TryLoad(directory);
        var pipeline = legacy is null && SentenceTransformersFolder.Exists(directory)
            ? SentenceTransformersFolder.Read(directory, SentenceEncoder.DefaultMaxSeqLength)
            : null;
        return new ModelFolderDescription(directory, pipeline, legacy);
    }

    /// <summary>Tokens per sentence the folder records (<see cref="SentenceEncoder.DefaultMaxSeqLength"/> when it records none).</summary>
    public int MaxSeqLength => Legacy?.MaxSeqLength ?? Pipeline?.MaxSeqLength ?? SentenceEncoder.DefaultMaxSeqLength;

    /// <summary>The prefix for search queries, or "" when the folder has none.</summary>
    public string QueryPrompt => Pipeline?.QueryPrompt ?? "";

    /// <summary>SimCSE's name of the folder's pooler, or the pipeline's description when it has no SimCSE name (max,
    /// mean_sqrt_len).</summary>
    public string PoolerName =>
        Legacy is not null ? Legacy.ParsePooler(Directory).ToName()
        : Pipeline is not null ? Pipeline.SimCsePooler?.ToName() ?? Pipeline.Describe()
        : SentenceEncoderFolder.DefaultPooler.ToName();

    /// <summary>The width of the sentence vectors over a Transformer of <paramref name="hiddenSize"/>.</summary>
    public int Dimension(int hiddenSize)
    {
        if (Legacy?.Whitening is { } w)
        {
            using var whitening = Whitening.Load(Path.Combine(Directory, w));
            return whitening.OutputDim;
        }
        return Pipeline?.Dimension(hiddenSize) ?? hiddenSize;
    }

    /// <summary>
    /// The pipeline to run on <paramref name="bert"/>: the folder's, with <paramref name="poolerOverride"/> in place of
    /// its pooling when given. A plain Hugging Face folder without an override gets the default pooler, with a notice
    /// to <paramref name="log"/>.
    /// </summary>
    public SentencePipeline Build(BertModel bert, PoolerType? poolerOverride, Action<string> log)
    {
        if (Legacy is not null)
        {
            using var whitening = Legacy.Whitening is { } w ? Whitening.Load(Path.Combine(Directory, w)) : null;
            return SentencePipeline.FromPooler(bert, poolerOverride ?? Legacy.ParsePooler(Directory), Legacy.MaxSeqLength, whitening);
        }
        if (Pipeline is not null)
            return poolerOverride is { } p ? Pipeline.WithPooler(bert, p) : Pipeline;
        if (poolerOverride is null)
            log($"{Directory}: no {SentenceTransformersFolder.ModulesFileName}; using the default pooler '{SentenceEncoderFolder.DefaultPooler.ToName()}' (pass --pooler to choose another).");
        return SentencePipeline.FromPooler(bert, poolerOverride ?? SentenceEncoderFolder.DefaultPooler, SentenceEncoder.DefaultMaxSeqLength);
    }
}
