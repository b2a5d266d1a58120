using Contrastive.Text.Tokenization;

namespace Contrastive.Text.Mlm;

/// <summary>
/// One batch of B sentences for masked-language-model training, tokenised and padded to its longest sentence but not
/// yet masked: <see cref="MaskedLanguageModeling.ComputeLoss"/> draws the masks at each step, so the same sentence is
/// masked differently every time it is seen (RoBERTa's dynamic masking, Liu et al. 2019).
/// </summary>
/// <param name="Tokens">input_ids, attention_mask and token_type_ids, each (B, T) int64.</param>
public sealed record MlmBatch(TokenizedBatch Tokens);
