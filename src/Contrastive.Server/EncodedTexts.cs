namespace Contrastive.Server;

/// <summary>The pooled embeddings (N rows of D floats, not normalised) of N texts and their token counts
/// ([CLS] and [SEP] included, after truncation to the encoder's maximum length).</summary>
public sealed record EncodedTexts(float[][] Vectors, int[] TokenCounts)
{
    public int TotalTokens => TokenCounts.Sum();
}
