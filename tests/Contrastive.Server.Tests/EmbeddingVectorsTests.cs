namespace Contrastive.Server.Tests;

public sealed class EmbeddingVectorsTests
{
    [Fact]
    public void Normalize_Vector_HasUnitLengthAndSameDirection()
    {
        var v = EmbeddingVectors.Normalize([3f, 4f]);

        Assert.Equal([0.6f, 0.8f], v);
    }

    [Fact]
    public void Normalize_ZeroVector_StaysZero() => Assert.Equal([0f, 0f], EmbeddingVectors.Normalize([0f, 0f]));

    [Fact]
    public void Prepare_Dimensions_KeepsTheFirstComponentsRenormalised()
    {
        float[] v = [3f, 4f, 12f];

        Assert.Equal([0.6f, 0.8f], EmbeddingVectors.Prepare(v, 2, normalize: true));
        Assert.Equal([3f, 4f], EmbeddingVectors.Prepare(v, 2, normalize: false));
        Assert.Equal(v, EmbeddingVectors.Prepare(v, null, normalize: false));
        Assert.NotSame(v, EmbeddingVectors.Prepare(v, null, normalize: false));
    }

    [Fact]
    public void Cosine_KnownVectors_MatchesTheFormula()
    {
        Assert.Equal(1.0, EmbeddingVectors.Cosine([1f, 2f], [2f, 4f]), 12);
        Assert.Equal(0.0, EmbeddingVectors.Cosine([1f, 0f], [0f, 5f]), 12);
        Assert.Equal(-1.0, EmbeddingVectors.Cosine([1f, 1f], [-2f, -2f]), 12);
        Assert.Equal(0.0, EmbeddingVectors.Cosine([0f, 0f], [1f, 1f]));
        Assert.Throws<ArgumentException>(() => EmbeddingVectors.Cosine([1f], [1f, 2f]));
    }

    [Fact]
    public void ToBase64_Floats_AreTheLittleEndianFloat32Bytes()
    {
        // 1.0f = 0x3F800000, -2.0f = 0xC0000000, little-endian.
        Assert.Equal(Convert.ToBase64String([0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0]), EmbeddingVectors.ToBase64([1f, -2f]));
    }
}
