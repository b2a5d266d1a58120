using Contrastive.Core;
using Contrastive.Text.Mlm;
using Contrastive.Text.Pooling;

namespace Contrastive.Text.Tests.Mlm;

public class MlmOptionsTests
{
    [Fact]
    public void Defaults_AreBertMaskingLength64AndAvgFirstLast()
    {
        var options = new MlmOptions().Validate();
        Assert.Equal((0.15, 0.8, 0.1), (options.Masking.MaskProbability, options.Masking.MaskTokenFraction, options.Masking.RandomTokenFraction));
        Assert.Equal(64, options.MaxSeqLength);
        Assert.Equal(PoolerType.AvgFirstLast, options.EncoderPooler);
    }

    [Fact]
    public void Validate_ClsPooler_ThrowsNamingIt()
    {
        var e = Assert.Throws<ContrastiveException>(() => new MlmOptions { EncoderPooler = PoolerType.Cls }.Validate());
        Assert.Contains("'cls'", e.Message);
    }

    [Fact]
    public void Validate_MaxSeqLengthBelow3_ThrowsNamingValue()
    {
        var e = Assert.Throws<ContrastiveException>(() => new MlmOptions { MaxSeqLength = 2 }.Validate());
        Assert.Contains("2", e.Message);
    }
}
