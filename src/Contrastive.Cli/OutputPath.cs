using Contrastive.Core;

namespace Contrastive.Cli;

/// <summary>
/// Checks of the output folders and files a command will write, made before any work starts so that an hour of
/// training or encoding never ends on "cannot write": a folder must not be an existing file, a file must not be an
/// existing folder, and the nearest existing folder above must be a folder this process can create files in.
/// Failures are a <see cref="ContrastiveException"/> naming the option and the path.
/// </summary>
public static class OutputPath
{
    /// <summary>Checks an output folder (created later if missing); returns <paramref name="path"/>.</summary>
    public static string Folder(string path, string option)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (System.IO.File.Exists(full))
            throw new ContrastiveException($"{option} {path}: this is an existing file; give a folder (it is created when missing).");
        RequireWritableFolderAbove(full, path, option);
        return path;
    }

    /// <summary>Checks an output file (replaced if it exists); returns <paramref name="path"/>.</summary>
    public static string File(string path, string option)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new ContrastiveException($"{option} {path}: this is an existing folder; give a file name.");
        RequireWritableFolderAbove(Path.GetDirectoryName(full) ?? full, path, option);
        return path;
    }

    /// <summary>The nearest existing ancestor of <paramref name="folder"/> (itself included) must be a writable folder.</summary>
    static void RequireWritableFolderAbove(string folder, string path, string option)
    {
        string? existing = folder;
        while (existing is not null && !Directory.Exists(existing))
        {
            if (System.IO.File.Exists(existing))
                throw new ContrastiveException($"{option} {path}: '{existing}' is a file, so no folder can be created there.");
            existing = Path.GetDirectoryName(existing);
        }
        if (existing is null) return;
        var probe = Path.Combine(existing, $".contrastive-write-check-{Guid.NewGuid():N}");
        try
        {
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is UnauthorizedAccessException ? "permission denied" : "no file can be created there";
            throw new ContrastiveException($"{option} {path}: cannot write into '{existing}' ({reason}).");
        }
    }
}
