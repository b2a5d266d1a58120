using Contrastive.Core;
using Contrastive.Text.Bert;
using Contrastive.Text.Models;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tokenization;

namespace Contrastive.Text.Inference;

/// <summary>
/// A sentence-encoder model folder: a Hugging Face BERT folder (<c>config.json</c>, <c>model.safetensors</c>,
/// <c>vocab.txt</c>, tokenizer files) whose sentence-transformers <c>modules.json</c> pipeline
/// (<see cref="SentenceTransformersFolder"/>) says how sentence vectors are computed. Python users open it with
/// <c>BertModel.from_pretrained(dir)</c> or <c>SentenceTransformer(dir)</c> and get the same vectors.
/// </summary>
public static class SentenceEncoderFolder
{
    /// <summary>The pooler used for a Hugging Face folder without <c>modules.json</c>: SimCSE's default.</summary>
    public const PoolerType DefaultPooler = PoolerType.Cls;

    /// <summary>Writes the BERT, the tokenizer and the pipeline (replacing the files of an earlier pipeline).</summary>
    public static void Save(string directory, BertModel bert, WordPieceTokenizer tokenizer, SentencePipeline pipeline)
    {
        Directory.CreateDirectory(directory);
        HuggingFaceBertFolder.Save(directory, bert);
        tokenizer.SaveTo(directory);
        SavePipeline(directory, bert.Config, pipeline);
    }

    /// <summary>Writes <paramref name="pipeline"/> as the folder's <c>modules.json</c> and removes the files of earlier
    /// versions (<c>contrastive.json</c>, <c>whitening.safetensors</c>) that would contradict it.</summary>
    public static void SavePipeline(string directory, BertConfig config, SentencePipeline pipeline)
    {
        SentenceTransformersFolder.Save(directory, pipeline, config);
        foreach (var legacy in new[] { SentenceEncoderManifest.FileName, SentenceEncoderManifest.WhiteningFileName })
        {
            var path = Path.Combine(directory, legacy);
            if (File.Exists(path)) File.Delete(path);
        }
    }

    /// <summary>
    /// Loads an encoder from a folder or a built-in model name (<see cref="ModelLocator"/>). The pipeline is
    /// <c>modules.json</c>'s; a folder of an earlier version with <c>contrastive.json</c> keeps its pooler and
    /// whitening; a plain Hugging Face folder gets <see cref="DefaultPooler"/>, reported through <paramref name="log"/>.
    /// <paramref name="poolerOverride"/> replaces the pooling (and BERT-pooler Dense), <paramref name="maxSeqLength"/>
    /// the length.
    /// </summary>
    /// <param name="log">Receives notices (default pooler, missing pooler weights); null writes them to stderr.</param>
    public static SentenceEncoder Load(string model, PoolerType? poolerOverride = null, int? maxSeqLength = null, Action<string>? log = null)
    {
        log ??= Console.Error.WriteLine;
        if (maxSeqLength < 3)
            throw new ContrastiveException($"The maximum sequence length must be at least 3 ([CLS] token [SEP]); got {maxSeqLength}.");
        var directory = ModelLocator.Resolve(model, log);
        var bert = HuggingFaceBertFolder.Load(directory, log: log);
        var tokenizer = WordPieceTokenizer.FromDirectory(directory);
        var pipeline = ModelFolderDescription.Read(directory).Build(bert, poolerOverride, log);
        if (maxSeqLength is { } length) pipeline = pipeline with { MaxSeqLength = length };
        return new SentenceEncoder(bert, tokenizer, pipeline);
    }
}
