namespace Contrastive.Core.Training;

/// <summary>
/// Replaces a whole folder so that a crash at any moment leaves a complete one: the new content is written into
/// the sibling <c>NAME.tmp</c>, then the old folder is renamed to <c>NAME.old</c>, the new one renamed to
/// <c>NAME</c>, and the old one deleted (renames within one file system are atomic). A crash between the two
/// renames leaves only <c>NAME.old</c>, which <see cref="Recover"/> puts back.
/// </summary>
public static class AtomicDirectory
{
    /// <summary>Calls <paramref name="write"/> with an empty temporary folder, then swaps it in as <paramref name="directory"/>.
    /// When <paramref name="write"/> throws, the temporary folder is deleted and <paramref name="directory"/> is untouched.</summary>
    public static void Replace(string directory, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (target, tmp, old) = Paths(directory);
        DeleteIfExists(tmp);
        Directory.CreateDirectory(tmp);
        try
        {
            write(tmp);
        }
        catch
        {
            DeleteIfExists(tmp);
            throw;
        }
        DeleteIfExists(old);
        if (Directory.Exists(target)) Directory.Move(target, old);
        Directory.Move(tmp, target);
        DeleteIfExists(old);
    }

    /// <summary>Puts <c>NAME.old</c> back when a crash between the two renames left no <paramref name="directory"/>.</summary>
    public static void Recover(string directory)
    {
        var (target, _, old) = Paths(directory);
        if (!Directory.Exists(target) && Directory.Exists(old)) Directory.Move(old, target);
    }

    /// <summary>Deletes <paramref name="directory"/> and its temporary siblings.</summary>
    public static void Delete(string directory)
    {
        var (target, tmp, old) = Paths(directory);
        DeleteIfExists(tmp);
        DeleteIfExists(old);
        DeleteIfExists(target);
    }

    static (string Target, string Tmp, string Old) Paths(string directory)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        return (target, target + ".tmp", target + ".old");
    }

    static void DeleteIfExists(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }
}
