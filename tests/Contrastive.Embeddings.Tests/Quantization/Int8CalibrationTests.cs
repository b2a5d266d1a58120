using Contrastive.Embeddings.Quantization;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Tests.Quantization;

public class Int8CalibrationTests
{
    [Fact]
    public void Quantize_CalibrationRange_MapsMinToMinus128AndMaxTo127()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[,] { { -1, 0, 2 }, { 1, 0.6f, 4 }, { 0, 1, 3 } });

        var cal = Int8Calibration.Fit(x);
        var codes = cal.Quantize(x);

        Assert.Equal(ScalarType.Int8, codes.dtype);
        Assert.Equal([-1f, 0, 2], cal.Starts);
        Assert.Equal(2f / 255, cal.Steps[0], 1e-7);
        Assert.Equal(new sbyte[] { -128, -128, -128 }, codes[0].data<sbyte>().ToArray());
        Assert.Equal(new sbyte[] { 127, 25, 127 }, codes[1].data<sbyte>().ToArray());   // 0.6 of [0, 1] is step 153 -> 25
    }

    [Fact]
    public void Dequantize_WithinHalfAStepOfTheOriginal_OutOfRangeValuesClamped()
    {
        using var scope = NewDisposeScope();
        var x = randn(200, 16, generator: new Generator(1, CPU));
        var cal = Int8Calibration.Fit(x);

        var back = cal.Dequantize(cal.Quantize(x));
        var outside = cal.Dequantize(cal.Quantize(x * 10));

        var halfStep = tensor(cal.Steps.ToArray()) / 2 + 1e-6f;
        Assert.True((back - x).abs().le(halfStep).all().item<bool>());
        Assert.True(outside.le(x.amax(0) + 1e-5f).all().item<bool>());   // clamped to the calibration maximum, no wrap-around
        Assert.True(outside.ge(x.amin(0) - 1e-5f).all().item<bool>());
    }

    [Fact]
    public void Quantize_WrongWidth_ThrowsNamingShape()
    {
        using var scope = NewDisposeScope();
        var cal = Int8Calibration.Fit(ones(3, 4));
        Assert.Contains("[2, 5]", Assert.Throws<ArgumentException>(() => cal.Quantize(ones(2, 5))).Message);
        Assert.Throws<ArgumentException>(() => Int8Calibration.Fit(ones(0, 4)));
    }
}
