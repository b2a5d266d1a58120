using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Serialization;

/// <summary>
/// Reader and writer for the Hugging Face safetensors format, used for every weight file of this project so that
/// models move between .NET and Python unchanged.
/// <para>Layout: <c>u64 N</c> (little-endian) | <c>N</c> bytes of JSON header | data. The header maps each tensor
/// name to <c>{"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}</c>; an optional
/// <c>"__metadata__"</c> maps strings to strings.</para>
/// <para>Reading validates strictly, as the reference Rust implementation does: known dtypes, non-negative shapes,
/// <c>end - begin == prod(shape) * sizeof(dtype)</c>, offsets inside the file, ranges that neither overlap nor leave
/// holes, no duplicate names. Any violation throws <see cref="SafeTensorsFormatException"/> naming the file; nothing
/// is returned partially.</para>
/// </summary>
public static class SafeTensors
{
    /// <summary>Largest header accepted (the reference implementation uses 100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Reads and validates the header only.</summary>
    public static SafeTensorsHeader ReadHeader(string path)
    {
        using var stream = OpenForRead(path);
        return ReadHeader(stream, path);
    }

    /// <summary>Reads every tensor to the CPU with its stored dtype. The caller owns (disposes) the tensors.</summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        using var stream = OpenForRead(path);
        var header = ReadHeader(stream, path);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in header.Tensors.Values.OrderBy(e => e.Begin))
            {
                var t = empty(entry.Shape, entry.ScalarType);
                result.Add(entry.Name, t);
                long length = entry.End - entry.Begin;
                if (length == 0) continue;
                stream.Position = header.DataStart + entry.Begin;
                var bytes = new byte[length];
                stream.ReadExactly(bytes);
                t.bytes = bytes;
            }
            return result;
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes the tensors atomically (temporary file, then rename). Names are written in sorted order; each tensor is
    /// copied to a contiguous CPU tensor first. Names must be unique and must not be "__metadata__".
    /// </summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors,
                            IReadOnlyDictionary<string, string>? metadata = null)
    {
        var items = tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in items)
        {
            if (name == "__metadata__") throw new ArgumentException("'__metadata__' cannot be a tensor name", nameof(tensors));
            if (!seen.Add(name)) throw new ArgumentException($"duplicate tensor name '{name}'", nameof(tensors));
        }

        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        if (metadata is { Count: > 0 }) header["__metadata__"] = metadata;
        long offset = 0;
        foreach (var (name, t) in items)
        {
            long size = t.NumberOfElements * SafeTensorsDType.SizeOf(SafeTensorsDType.FromScalarType(t.dtype));
            header[name] = new Dictionary<string, object>
            {
                ["dtype"] = SafeTensorsDType.FromScalarType(t.dtype),
                ["shape"] = t.shape,
                ["data_offsets"] = new[] { offset, offset + size },
            };
            offset += size;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        int padded = (json.Length + 7) / 8 * 8;   // the reference writer pads the header with spaces to 8 bytes

        AtomicFile.Write(path, stream =>
        {
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
            stream.Write(len);
            stream.Write(json);
            for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
            foreach (var (_, t) in items)
            {
                using var scope = NewDisposeScope();
                var c = t.detach().cpu().contiguous();
                if (c.NumberOfElements > 0) stream.Write(c.bytes);
            }
        });
    }

    static FileStream OpenForRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ContrastiveException($"{path}: file not found.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContrastiveException($"{path}: cannot be read: {e.Message}");
        }
    }

    static SafeTensorsHeader ReadHeader(FileStream stream, string path)
    {
        long fileLength = stream.Length;
        if (fileLength < 8) throw new SafeTensorsFormatException(path, $"the file has {fileLength} bytes, fewer than the 8-byte header length");
        Span<byte> lenBytes = stackalloc byte[8];
        stream.ReadExactly(lenBytes);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(lenBytes);
        if (n == 0) throw new SafeTensorsFormatException(path, "the header length is 0");
        if (n > MaxHeaderBytes) throw new SafeTensorsFormatException(path, $"the header length {n} exceeds the limit of {MaxHeaderBytes} bytes");
        if ((long)n > fileLength - 8) throw new SafeTensorsFormatException(path, $"the header length {n} runs past the end of the file ({fileLength} bytes)");
        var headerBytes = new byte[n];
        stream.ReadExactly(headerBytes);
        long dataStart = 8 + (long)n, dataLength = fileLength - dataStart;

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(headerBytes);
        }
        catch (JsonException e)
        {
            throw new SafeTensorsFormatException(path, $"the header is not valid JSON ({e.Message})");
        }
        using (doc)
        {
            try
            {
                return ReadHeaderObject(doc.RootElement, dataStart, dataLength, path);
            }
            catch (InvalidOperationException)   // a name or string that is not valid UTF-8 / UTF-16 (System.Text.Json decodes lazily)
            {
                throw new SafeTensorsFormatException(path, "the header holds a string that is not valid UTF-8 (or a lone surrogate)");
            }
        }
    }

    static SafeTensorsHeader ReadHeaderObject(JsonElement root, long dataStart, long dataLength, string path)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new SafeTensorsFormatException(path, "the header is not a JSON object");
        var tensors = new Dictionary<string, SafeTensorsEntry>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        bool sawMetadata = false;
        foreach (var prop in root.EnumerateObject())
        {
            if (prop.Name == "__metadata__")
            {
                if (sawMetadata) throw new SafeTensorsFormatException(path, "'__metadata__' appears twice");
                sawMetadata = true;
                ReadMetadata(prop.Value, metadata, path);
                continue;
            }
            if (tensors.ContainsKey(prop.Name)) throw new SafeTensorsFormatException(path, $"tensor '{prop.Name}' appears twice");
            tensors.Add(prop.Name, ReadEntry(prop.Name, prop.Value, dataLength, path));
        }
        CheckCoverage(tensors.Values, dataLength, path);
        return new SafeTensorsHeader(tensors, metadata, dataStart);
    }

    static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string path)
    {
        if (value.ValueKind != JsonValueKind.Object) throw new SafeTensorsFormatException(path, "'__metadata__' is not an object of strings");
        foreach (var m in value.EnumerateObject())
        {
            if (m.Value.ValueKind != JsonValueKind.String)
                throw new SafeTensorsFormatException(path, $"metadata value '{m.Name}' is not a string");
            if (!metadata.TryAdd(m.Name, m.Value.GetString()!))
                throw new SafeTensorsFormatException(path, $"metadata key '{m.Name}' appears twice");
        }
    }

    static SafeTensorsEntry ReadEntry(string name, JsonElement value, long dataLength, string path)
    {
        if (value.ValueKind != JsonValueKind.Object) throw new SafeTensorsFormatException(path, $"tensor '{name}': entry is not an object");
        if (!value.TryGetProperty("dtype", out var dtypeEl) || dtypeEl.ValueKind != JsonValueKind.String)
            throw new SafeTensorsFormatException(path, $"tensor '{name}': missing or non-string 'dtype'");
        var dtype = dtypeEl.GetString()!;
        if (!SafeTensorsDType.IsKnown(dtype)) throw new SafeTensorsFormatException(path, $"tensor '{name}': unknown dtype '{dtype}'");

        if (!value.TryGetProperty("shape", out var shapeEl) || shapeEl.ValueKind != JsonValueKind.Array)
            throw new SafeTensorsFormatException(path, $"tensor '{name}': missing or non-array 'shape'");
        var shape = new long[shapeEl.GetArrayLength()];
        long elements = 1;
        int i = 0;
        foreach (var d in shapeEl.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out var dim) || dim < 0)
                throw new SafeTensorsFormatException(path, $"tensor '{name}': shape entry {d} is not a non-negative integer");
            shape[i++] = dim;
            try { elements = checked(elements * dim); }
            catch (OverflowException) { throw new SafeTensorsFormatException(path, $"tensor '{name}': shape [{string.Join(", ", shape)}] overflows"); }
        }

        if (!value.TryGetProperty("data_offsets", out var offEl) || offEl.ValueKind != JsonValueKind.Array || offEl.GetArrayLength() != 2)
            throw new SafeTensorsFormatException(path, $"tensor '{name}': 'data_offsets' must be an array [begin, end]");
        if (!offEl[0].TryGetInt64(out var begin) || !offEl[1].TryGetInt64(out var end) || begin < 0 || end < begin)
            throw new SafeTensorsFormatException(path, $"tensor '{name}': data_offsets {offEl} are not 0 <= begin <= end");
        if (end > dataLength)
            throw new SafeTensorsFormatException(path, $"tensor '{name}': data_offsets [{begin}, {end}] run past the end of the data ({dataLength} bytes)");
        long expected;
        try { expected = checked(elements * SafeTensorsDType.SizeOf(dtype)); }
        catch (OverflowException) { throw new SafeTensorsFormatException(path, $"tensor '{name}': byte size overflows"); }
        if (end - begin != expected)
            throw new SafeTensorsFormatException(path, $"tensor '{name}': shape [{string.Join(", ", shape)}] of {dtype} needs {expected} bytes but data_offsets [{begin}, {end}] hold {end - begin}");
        foreach (var p in value.EnumerateObject())
            if (p.Name is not ("dtype" or "shape" or "data_offsets"))
                throw new SafeTensorsFormatException(path, $"tensor '{name}': unexpected field '{p.Name}'");
        return new SafeTensorsEntry(name, dtype, shape, begin, end);
    }

    static void CheckCoverage(IEnumerable<SafeTensorsEntry> entries, long dataLength, string path)
    {
        long position = 0;
        SafeTensorsEntry? previous = null;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin < position)
                throw new SafeTensorsFormatException(path, $"tensors '{previous!.Name}' and '{e.Name}' overlap (bytes {e.Begin}..{position})");
            if (e.Begin > position)
                throw new SafeTensorsFormatException(path, $"bytes {position}..{e.Begin} of the data belong to no tensor");
            position = e.End;
            previous = e;
        }
        if (position != dataLength)
            throw new SafeTensorsFormatException(path, $"the data section has {dataLength} bytes but the tensors cover {position}");
    }
}
