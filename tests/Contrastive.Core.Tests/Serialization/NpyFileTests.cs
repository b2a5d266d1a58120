using System.Text;
using Contrastive.Core.Serialization;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Serialization;

public class NpyFileTests
{
    [Fact]
    public void Save_Float32Matrix_WritesNumpyV1HeaderAndData()
    {
        using var dir = new TempDir();
        var path = dir.File("e.npy");
        NpyFile.Save(path, tensor(new float[] { 1, 2, 3, 4, 5, 6 }).reshape(2, 3));
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(0x93, bytes[0]);
        Assert.Equal("NUMPY", Encoding.ASCII.GetString(bytes, 1, 5));
        int headerLen = BitConverter.ToUInt16(bytes, 8);
        Assert.Equal(0, (10 + headerLen) % 64);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLen);
        Assert.Contains("'descr': '<f4'", header);
        Assert.Contains("'shape': (2, 3)", header);
        Assert.EndsWith("\n", header);
        Assert.Equal(10 + headerLen + 24, bytes.Length);
        Assert.Equal(6f, BitConverter.ToSingle(bytes, bytes.Length - 4));
    }

    [Fact]
    public void Save_Vector_UsesOneElementTupleShape()
    {
        using var dir = new TempDir();
        NpyFile.Save(dir.File("v.npy"), ones(5, ScalarType.Int64));
        var header = Encoding.ASCII.GetString(File.ReadAllBytes(dir.File("v.npy")), 10, 64 - 10);
        Assert.Contains("'shape': (5,)", header);
        Assert.Contains("'<i8'", header);
    }
}
