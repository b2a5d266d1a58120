using System.Buffers.Binary;
using System.Text;
using Contrastive.Core;
using Contrastive.Core.Serialization;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Serialization;

public class SafeTensorsTests
{
    [Fact]
    public void Save_ThenLoad_RoundTripsEveryDtypeBitwise()
    {
        using var dir = new TempDir();
        var gen = new TorchSharp.torch.Generator(7);
        var tensors = new Dictionary<string, Tensor>
        {
            ["a.f32"] = randn(new long[] { 3, 4 }, generator: gen),
            ["b.f16"] = randn(new long[] { 5 }, generator: gen).to(ScalarType.Float16),
            ["c.bf16"] = randn(new long[] { 2, 2, 2 }, generator: gen).to(ScalarType.BFloat16),
            ["d.i64"] = arange(0, 10, ScalarType.Int64),
            ["e.f64"] = randn(new long[] { 2 }, ScalarType.Float64, generator: gen),
            ["f.i32"] = tensor(new[] { -1, 2, 3 }),
            ["g.u8"] = tensor(new byte[] { 1, 255 }),
            ["h.bool"] = tensor(new[] { true, false, true }),
            ["i.scalar"] = tensor(3.5f),
            ["j.empty"] = zeros(new long[] { 0, 4 }),
        };
        var path = dir.File("m.safetensors");
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });

        var loaded = SafeTensors.Load(path);
        Assert.Equal(tensors.Keys.Order(), loaded.Keys.Order());
        foreach (var (name, t) in tensors)
        {
            Assert.Equal(t.dtype, loaded[name].dtype);
            Assert.Equal(t.shape, loaded[name].shape);
            Assert.Equal(t.bytes.ToArray(), loaded[name].bytes.ToArray());
        }
        Assert.Equal("pt", SafeTensors.ReadHeader(path).Metadata["format"]);
    }

    [Fact]
    public void Save_NonContiguousView_WritesLogicalValues()
    {
        using var dir = new TempDir();
        var t = arange(6, ScalarType.Float32).reshape(2, 3).t();   // (3,2) transposed view
        SafeTensors.Save(dir.File("t.safetensors"), new Dictionary<string, Tensor> { ["t"] = t });
        var back = SafeTensors.Load(dir.File("t.safetensors"))["t"];
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, back.data<float>().ToArray());
    }

    [Fact]
    public void Save_HeaderIsPaddedToEightBytes()
    {
        using var dir = new TempDir();
        SafeTensors.Save(dir.File("x.safetensors"), new Dictionary<string, Tensor> { ["x"] = ones(3) });
        var bytes = File.ReadAllBytes(dir.File("x.safetensors"));
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes) % 8);
    }

    [Fact]
    public void Save_OverExistingFile_LeavesNoTemporaryFiles()
    {
        using var dir = new TempDir();
        var path = dir.File("x.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["x"] = ones(3) });
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["x"] = zeros(4) });
        Assert.Single(Directory.GetFiles(dir.Path));
        Assert.Equal(new long[] { 4 }, SafeTensors.Load(path)["x"].shape);
    }

    // A valid file: one F32 tensor "w" of shape [2] (8 bytes of data).
    const string GoodHeader = """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""";

    static byte[] Build(string header, int dataBytes, ulong? declaredLength = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    public static TheoryData<string, byte[], string> MalformedFiles => new()
    {
        { "too short", new byte[] { 1, 2, 3 }, "fewer than the 8-byte header length" },
        { "zero header", Build("", 0, 0), "header length is 0" },
        { "header past end", Build(GoodHeader, 8, 10_000), "runs past the end of the file" },
        { "huge header", Build(GoodHeader, 8, ulong.MaxValue / 2), "exceeds the limit" },
        { "not json", Build("{not json", 0), "not valid JSON" },
        { "json array", Build("[1,2]", 0), "not a JSON object" },
        { "unknown dtype", Build("""{"w":{"dtype":"F8","shape":[2],"data_offsets":[0,2]}}""", 2), "unknown dtype 'F8'" },
        { "negative dim", Build("""{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", 8), "not a non-negative integer" },
        { "size mismatch", Build("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8), "needs 12 bytes" },
        { "offsets past data", Build("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 8), "run past the end of the data" },
        { "reversed offsets", Build("""{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}""", 8), "not 0 <= begin <= end" },
        { "overlap", Build("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8), "overlap" },
        { "hole", Build("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8), "belong to no tensor" },
        { "trailing data", Build(GoodHeader, 12), "the tensors cover 8" },
        { "duplicate name", Build("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8), "appears twice" },
        { "missing offsets", Build("""{"w":{"dtype":"F32","shape":[2]}}""", 8), "data_offsets" },
        { "bad metadata", Build("""{"__metadata__":{"k":1},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 8), "metadata value 'k' is not a string" },
        { "entry not object", Build("""{"w":5}""", 0), "entry is not an object" },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void Load_MalformedFile_ThrowsClearMessageNamingFile(string label, byte[] content, string expected)
    {
        using var dir = new TempDir();
        var path = dir.File(label.Replace(' ', '_') + ".safetensors");
        File.WriteAllBytes(path, content);
        var e = Assert.Throws<SafeTensorsFormatException>(() => SafeTensors.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.IsAssignableFrom<ContrastiveException>(e);
    }

    [Fact]
    public void Load_GoodHandWrittenFile_ReadsValues()
    {
        using var dir = new TempDir();
        var bytes = Build(GoodHeader, 8);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(bytes.Length - 8), 1.5f);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(bytes.Length - 4), -2f);
        File.WriteAllBytes(dir.File("g.safetensors"), bytes);
        Assert.Equal(new[] { 1.5f, -2f }, SafeTensors.Load(dir.File("g.safetensors"))["w"].data<float>().ToArray());
    }

    [Fact]
    public void Load_MissingFile_ThrowsContrastiveExceptionNamingFile()
    {
        var e = Assert.Throws<ContrastiveException>(() => SafeTensors.Load("/nonexistent/model.safetensors"));
        Assert.Contains("/nonexistent/model.safetensors", e.Message);
    }

    [Fact]
    public void Save_DuplicateOrReservedName_Throws()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentException>(() => SafeTensors.Save(dir.File("x"), new[]
        {
            KeyValuePair.Create("a", ones(1)), KeyValuePair.Create("a", ones(1)),
        }));
        Assert.Throws<ArgumentException>(() => SafeTensors.Save(dir.File("x"), new[] { KeyValuePair.Create("__metadata__", ones(1)) }));
    }

    [Theory]
    [InlineData(new byte[] { 0xff })]                              // a raw invalid UTF-8 byte in a tensor name
    [InlineData(new byte[] { 0x5c, 0x75, 0x64, 0x38, 0x30, 0x30 })]  // the escape \ud800, a lone surrogate
    public void Load_HeaderNameNotValidUnicode_ThrowsSafeTensorsFormatException(byte[] bad)
    {
        using var dir = new TempDir();
        var path = dir.File("bad.safetensors");
        var header = new List<byte>();
        header.AddRange("{\"a"u8.ToArray());
        header.AddRange(bad);
        header.AddRange("\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"u8.ToArray());
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Count);
        File.WriteAllBytes(path, [.. length, .. header, 0, 0, 0, 0]);

        var e = Assert.Throws<SafeTensorsFormatException>(() => SafeTensors.Load(path));
        Assert.Contains(path, e.Message);
    }
}
