using Contrastive.Core;
using Contrastive.Text.Bert;

namespace Contrastive.Text.Tokenization;

/// <summary>
/// The check that a tokenizer fits a model: every token id of the vocabulary (vocab.txt) must have a row in the
/// model's word embeddings (config.json's <c>vocab_size</c>). A larger vocabulary would end in a native "index out of
/// range" crash on the first sentence using one of the extra tokens; it is refused when the two are put together.
/// A smaller one is fine (unused embedding rows).
/// </summary>
public static class VocabularyFit
{
    /// <exception cref="ContrastiveException">The tokenizer has more tokens than the model's <c>vocab_size</c>.</exception>
    public static void Require(WordPieceTokenizer tokenizer, BertConfig config)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(config);
        if (tokenizer.VocabSize > config.VocabSize)
            throw new ContrastiveException(
                $"The vocabulary (vocab.txt) has {tokenizer.VocabSize} tokens but the model's vocab_size (config.json) is {config.VocabSize}: " +
                $"token ids {config.VocabSize} to {tokenizer.VocabSize - 1} have no embedding; use the vocab.txt the model was trained with.");
    }
}
