namespace Contrastive.TestKit;

/// <summary>
/// Locates <c>../shared/data</c> (next to the repository) for tests that read real data.
/// A fresh clone has no such folder: those tests call <see cref="Require"/> and are skipped with a message.
/// </summary>
public static class SharedData
{
    /// <summary>The data folder, or null when it is absent. CONTRASTIVE_SHARED_DATA overrides the search.</summary>
    public static string? Root { get; } = Find();

    static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("CONTRASTIVE_SHARED_DATA");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? env : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Contrastive.slnx")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }
        return null;
    }

    /// <summary>Full path of a file under the shared data folder; skips the calling test when it is absent.</summary>
    public static string Require(string relativePath)
    {
        Skip.If(Root is null, "../shared/data is absent (a fresh clone has none): skipped.");
        var path = Path.Combine(Root!, relativePath);
        Skip.IfNot(File.Exists(path) || Directory.Exists(path), $"{path} is absent: skipped.");
        return path;
    }
}
