using Contrastive.Core;
using Contrastive.Vision.Data;

namespace Contrastive.Vision.Tests.Data;

public class DigitsCsvReaderTests
{
    [Fact]
    public void Read_TwoRows_ImagesAndLabels()
    {
        using var dir = new TempDir();
        var path = dir.File("d.csv");
        File.WriteAllLines(path, ["0,16,8,4,3", "16,16,16,16,7"]);
        using var data = DigitsCsvReader.Read(path);
        Assert.Equal(new long[] { 2, 1, 2, 2 }, data.Images.shape);
        Assert.Equal(1.0f, data.Images[0, 0, 0, 1].item<float>());
        Assert.Equal(0.5f, data.Images[0, 0, 1, 0].item<float>());
        Assert.Equal(new long[] { 3, 7 }, data.Labels!.data<long>().ToArray());
    }

    [Theory]
    [InlineData("1,2,3,4,5\n1,2,3\n", ":2: 3 columns")]
    [InlineData("1,2,x,4,5\n", "'x' is not a number")]
    [InlineData("1,2,3\n", "not a square number")]
    public void Read_BadRow_ThrowsNamingFileAndLine(string content, string expected)
    {
        using var dir = new TempDir();
        var path = dir.File("bad.csv");
        File.WriteAllText(path, content);
        var e = Assert.Throws<ContrastiveException>(() => DigitsCsvReader.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [SkippableFact]
    public void Read_SharedDigits_1797ImagesOf8x8()
    {
        var path = SharedData.Require("images/digits/digits.csv.gz");
        using var data = DigitsCsvReader.Read(path);
        Assert.Equal(1797, data.Count);
        Assert.Equal(8, data.Height);
        Assert.Equal(10, data.NumClasses);
        Assert.True(data.Images.max().item<float>() <= 1f);
    }
}
