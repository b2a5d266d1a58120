using System.Text;
using static TorchSharp.torch;

namespace Contrastive.Core.Serialization;

/// <summary>
/// Writes a tensor as a NumPy <c>.npy</c> file (format version 1.0: magic <c>\x93NUMPY</c>, version, u16 header
/// length, a Python-dict header padded with spaces so the data starts at a multiple of 64, then C-order data),
/// loadable with <c>numpy.load</c>. Written atomically.
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
}
