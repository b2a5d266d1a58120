using System.Collections;
using Contrastive.Core;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Contrastive.Text.Models;

/// <summary>
/// Reads a state dict written by <c>torch.save(model.state_dict(), "pytorch_model.bin")</c>, the weight file of most
/// older Hugging Face models, through <c>TorchSharp.PyBridge</c>'s unpickler (no Python involved).
/// <para>Only the zip format that <c>torch.save</c> writes by default since PyTorch 1.6 is read; the legacy format
/// (<c>_use_new_zipfile_serialization=False</c>, or files from PyTorch &lt; 1.6) and a pickled whole model are
/// refused with one line naming the file, as are truncated files and pickles that are not a name -> tensor map.</para>
/// </summary>
public static class PyTorchCheckpoint
{
    public const string FileName = "pytorch_model.bin";

    /// <summary>The tensors of the state dict, by name, on the CPU; the caller disposes them.</summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        if (!File.Exists(path)) throw new ContrastiveException($"{path}: weights file not found.");
        Hashtable table;
        using (var stream = File.OpenRead(path))
        {
            CheckSignature(path, stream);
            try
            {
                table = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true);
            }
            catch (Exception e) when (e is not ContrastiveException and not OutOfMemoryException)
            {
                throw new ContrastiveException($"{path}: not a readable PyTorch state dict ({Describe(e)}).");
            }
        }
        return ToStateDict(path, table);
    }

    /// <summary>A zip archive starts with "PK\x03\x04"; a legacy torch.save file is a bare pickle (0x80 = PROTO).</summary>
    static void CheckSignature(string path, Stream stream)
    {
        Span<byte> head = stackalloc byte[4];
        int n = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        stream.Seek(0, SeekOrigin.Begin);
        if (n == 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04) return;
        if (n >= 1 && head[0] == 0x80)
            throw new ContrastiveException($"{path}: saved in torch.save's legacy (pre-1.6, non-zip) format, which is not supported; re-save it with torch.save(torch.load(path), path) or as model.safetensors.");
        throw new ContrastiveException($"{path}: not a PyTorch checkpoint (torch.save writes a zip archive; this file is {(n == 0 ? "empty" : "something else")}).");
    }

    static Dictionary<string, Tensor> ToStateDict(string path, Hashtable table)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        string? problem = null;
        foreach (var entry in table.Cast<DictionaryEntry>().OrderBy(e => e.Key.ToString(), StringComparer.Ordinal))
        {
            if (entry.Key is not string key) problem ??= $"a key of type {entry.Key.GetType().Name}";
            else if (entry.Value is not Tensor tensor) problem ??= $"'{key}' holds {(entry.Value is null ? "None" : "a value of type " + entry.Value.GetType().Name)}, not a tensor";
            else result[key] = tensor;
        }
        if (problem is null && result.Count > 0) return result;
        foreach (var value in table.Values) (value as Tensor)?.Dispose();
        throw new ContrastiveException(problem is null
            ? $"{path}: the state dict holds no tensors."
            : $"{path}: not a state dict of tensors ({problem}); save model.state_dict(), not a training checkpoint or a whole model.");
    }

    static string Describe(Exception e)
    {
        var message = e.Message.ReplaceLineEndings(" ").Trim();
        if (message.Length > 200) message = message[..200] + "...";
        return e is InvalidCastException ? $"the pickle holds something other than a state dict: {message}" : $"{e.GetType().Name}: {message}";
    }
}
