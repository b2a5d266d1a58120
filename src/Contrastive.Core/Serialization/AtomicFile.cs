namespace Contrastive.Core.Serialization;

/// <summary>
/// Writes a file so that a crash or kill at any moment leaves either the old file or the complete new one:
/// the bytes go to a temporary file in the same folder, are flushed to disk, then renamed over the target
/// (a rename within one file system is atomic on POSIX). A target that cannot be written (a missing permission, a
/// folder in its place, a read-only file system) is a <see cref="ContrastiveException"/> naming the target, never the
/// hidden temporary file.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        if (Directory.Exists(full)) throw new ContrastiveException($"Cannot write '{path}': it is a folder.");
        try
        {
            Directory.CreateDirectory(dir);
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e)
        {
            try { File.Delete(tmp); } catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
            if (e is IOException or UnauthorizedAccessException)
                throw new ContrastiveException($"Cannot write '{path}': {e.Message.Replace(tmp, full)}", e);
            throw;
        }
    }

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes));

    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
}
