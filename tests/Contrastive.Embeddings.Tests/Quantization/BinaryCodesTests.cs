using Contrastive.Embeddings.Quantization;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Tests.Quantization;

public class BinaryCodesTests
{
    [Fact]
    public void Pack_PositiveSigns_FirstDimensionInMostSignificantBit()
    {
        using var scope = NewDisposeScope();
        // numpy.packbits([[1,0,0,0,0,0,0,1, 1,1,0]]) == [[129, 192]]
        var x = tensor(new float[,] { { 0.3f, -1, 0, -2, -0.1f, -5, -1, 2, 1, 1, -1 } });

        var packed = BinaryCodes.Pack(x);

        Assert.Equal(ScalarType.Byte, packed.dtype);
        Assert.Equal(new byte[] { 129, 192 }, packed.data<byte>().ToArray());
        Assert.Equal(new float[] { 1, -1, -1, -1, -1, -1, -1, 1, 1, 1, -1 }, BinaryCodes.Unpack(packed, 11).data<float>().ToArray());
    }

    [Fact]
    public void Hamming_CountsDifferingSigns()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(3, CPU);
        var a = randn(1, 100, generator: g);
        var b = randn(1, 100, generator: g);

        int h = BinaryCodes.Hamming(BinaryCodes.Pack(a).data<byte>().ToArray(), BinaryCodes.Pack(b).data<byte>().ToArray());

        Assert.Equal(a.gt(0).ne(b.gt(0)).sum().item<long>(), h);
        Assert.Throws<ArgumentException>(() => BinaryCodes.Hamming(new byte[3], new byte[4]));
    }
}
