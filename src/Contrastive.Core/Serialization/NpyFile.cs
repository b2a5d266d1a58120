using System.Text;
using static TorchSharp.torch;

namespace Contrastive.Core.Serialization;

/// <summary>
/// Writes a tensor as a NumPy <c>.npy</c> file (format version 1.0: magic <c>\x93NUMPY</c>, version, u16 header
/// length, a Python-dict header padded with spaces so the data starts at a multiple of 64, then C-order data),
/// loadable with <c>numpy.load</c>. Written atomically. <see cref="Load"/> reads back float32 files in C order.
/// </summary>
public static class NpyFile
{
    public static void Save(string path, Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var t = tensor.detach().cpu().contiguous();
        string descr = t.dtype switch
        {
            ScalarType.Float32 => "<f4",
            ScalarType.Float64 => "<f8",
            ScalarType.Float16 => "<f2",
            ScalarType.Int64 => "<i8",
            ScalarType.Int32 => "<i4",
            ScalarType.Byte => "|u1",
            ScalarType.Int8 => "|i1",
            ScalarType.Bool => "|b1",
            _ => throw new ContrastiveException($"tensors of type {t.dtype} cannot be written to .npy (convert to float32 first)"),
        };
        string shape = t.shape.Length switch
        {
            0 => "()",
            1 => $"({t.shape[0]},)",
            _ => "(" + string.Join(", ", t.shape) + ")",
        };
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        int unpadded = 10 + header.Length + 1;           // magic(6) + version(2) + len(2) + header + '\n'
        int total = (unpadded + 63) / 64 * 64;
        header = header.PadRight(total - 10 - 1) + "\n";
        AtomicFile.Write(path, s =>
        {
            s.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
            s.Write(BitConverter.GetBytes((ushort)header.Length));
            s.Write(Encoding.ASCII.GetBytes(header));
            if (t.NumberOfElements > 0) s.Write(t.bytes);
        });
    }

    /// <summary>Reads a little-endian float32, C-order .npy file (as <see cref="Save"/> writes them) into a tensor of its shape.</summary>
    /// <exception cref="ContrastiveException">The file is not such a .npy file; the message names it.</exception>
    public static Tensor Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContrastiveException($"{path}: cannot read: {e.Message}");
        }
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY" || bytes[6] != 1)
            throw new ContrastiveException($"{path}: not a .npy file of format version 1.0.");
        int headerLength = BitConverter.ToUInt16(bytes, 8);
        if (10 + headerLength > bytes.Length) throw new ContrastiveException($"{path}: the .npy header is truncated.");
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        if (!header.Contains("'descr': '<f4'", StringComparison.Ordinal) || !header.Contains("'fortran_order': False", StringComparison.Ordinal))
            throw new ContrastiveException($"{path}: only little-endian float32 arrays in C order are read, not {header.Trim()}.");
        var match = System.Text.RegularExpressions.Regex.Match(header, @"'shape': \(([0-9, ]*)\)");
        if (!match.Success) throw new ContrastiveException($"{path}: the .npy header has no shape: {header.Trim()}.");
        var shape = match.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse).ToArray();
        long count = shape.Aggregate(1L, (a, b) => a * b);
        int offset = 10 + headerLength;
        if (bytes.Length - offset != count * sizeof(float))
            throw new ContrastiveException($"{path}: holds {bytes.Length - offset} data bytes; shape ({string.Join(", ", shape)}) needs {count * sizeof(float)}.");
        var data = new float[count];
        Buffer.BlockCopy(bytes, offset, data, 0, data.Length * sizeof(float));
        return tensor(data, shape);
    }
}
