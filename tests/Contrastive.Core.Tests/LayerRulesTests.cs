using System.Xml.Linq;

namespace Contrastive.Core.Tests;

/// <summary>
/// The dependency rules of docs/architecture.md, read from every <c>src/*/*.csproj</c>: layers point one way,
/// Core <- Text / Vision / Sequences <- Embeddings (<- Embeddings.Postgres) <- Server, Cli, with Reporting (progress and
/// plots) on Core alone and used by the CLI only. A new project fails here until it is given a layer.
/// </summary>
public sealed class LayerRulesTests
{
    const string Core = "Contrastive.Core", Text = "Contrastive.Text", Vision = "Contrastive.Vision",
        Sequences = "Contrastive.Sequences", Embeddings = "Contrastive.Embeddings", Postgres = "Contrastive.Embeddings.Postgres",
        Reporting = "Contrastive.Reporting", Server = "Contrastive.Server", Cli = "Contrastive.Cli";

    /// <summary>The projects each project may reference directly.</summary>
    static readonly Dictionary<string, string[]> AllowedProjects = new()
    {
        [Core] = [],
        [Text] = [Core],
        [Vision] = [Core],
        [Sequences] = [Core],
        [Reporting] = [Core],
        [Embeddings] = [Core, Text],
        [Postgres] = [Core, Text, Embeddings],
        [Server] = [Core, Text, Embeddings],
        [Cli] = [Core, Text, Vision, Sequences, Embeddings, Postgres, Reporting, Server],
    };

    /// <summary>Core's only package: the BCL comes with the framework.</summary>
    static readonly string[] CorePackages = ["TorchSharp-cpu"];

    /// <summary>Progress display and plotting: Reporting's (and the CLI's), never a library's.</summary>
    static readonly string[] ReportingPackages = ["Spectre.Console", "ScottPlot", "SkiaSharp.HarfBuzz", "HarfBuzzSharp.NativeAssets.Linux"];

    sealed record ProjectFile(string Name, string[] Projects, string[] Packages, string[] Frameworks);

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Contrastive.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No Contrastive.slnx above {AppContext.BaseDirectory}.");
    }

    static string SourceRoot() => Path.Combine(RepositoryRoot(), "src");

    static Dictionary<string, ProjectFile> ReadProjects() =>
        Directory.GetDirectories(SourceRoot())
            .SelectMany(d => Directory.GetFiles(d, "*.csproj"))
            .Select(path =>
            {
                var xml = XDocument.Load(path);
                string[] Items(string kind) => xml.Descendants(kind).Select(e => (string?)e.Attribute("Include") ?? "").ToArray();
                return new ProjectFile(Path.GetFileNameWithoutExtension(path),
                    Items("ProjectReference").Select(p => Path.GetFileNameWithoutExtension(p.Replace('\\', '/'))).ToArray(),
                    Items("PackageReference"), Items("FrameworkReference"));
            })
            .ToDictionary(p => p.Name);

    [Fact]
    public void ProjectReferences_Layers_PointOneWay()
    {
        var projects = ReadProjects();
        Assert.True(projects.Count >= AllowedProjects.Count, $"only {projects.Count} projects found under src/");
        foreach (var project in projects.Values)
        {
            Assert.True(AllowedProjects.TryGetValue(project.Name, out var allowed),
                        $"{project.Name} has no layer: add it to docs/architecture.md and to {nameof(AllowedProjects)}.");
            var wrong = project.Projects.Except(allowed!).ToArray();
            Assert.True(wrong.Length == 0, $"{project.Name} may not reference {string.Join(", ", wrong)} (allowed: {string.Join(", ", allowed!)}).");
        }
    }

    [Fact]
    public void Core_ReferencesOnlyTorchSharp()
    {
        var core = ReadProjects()[Core];
        Assert.Empty(core.Projects);
        Assert.Empty(core.Frameworks);
        var extra = core.Packages.Except(CorePackages).ToArray();
        Assert.True(extra.Length == 0, $"{Core} may reference only {string.Join(", ", CorePackages)} and the BCL, not {string.Join(", ", extra)}.");
    }

    [Fact]
    public void ProgressAndPlotPackages_OnlyInReportingAndCli()
    {
        foreach (var project in ReadProjects().Values.Where(p => p.Name is not (Reporting or Cli)))
        {
            var found = project.Packages.Intersect(ReportingPackages).ToArray();
            Assert.True(found.Length == 0, $"{project.Name} references {string.Join(", ", found)}: progress and plots belong to {Reporting}.");
        }
    }

    [Fact]
    public void AspNetCore_OnlyInServer()
    {
        foreach (var project in ReadProjects().Values.Where(p => p.Name != Server))
            Assert.DoesNotContain("Microsoft.AspNetCore.App", project.Frameworks);
    }

    [Fact]
    public void Server_DoesNotLoadReportingOrSkia()
    {
        var projects = ReadProjects();
        var reached = new HashSet<string>();
        var pending = new Stack<string>([Server]);
        while (pending.TryPop(out var name))
            if (reached.Add(name)) foreach (var p in projects[name].Projects) pending.Push(p);
        Assert.DoesNotContain(Reporting, reached);
        foreach (var name in reached)
            Assert.DoesNotContain(projects[name].Packages, p => p.StartsWith("SkiaSharp", StringComparison.Ordinal) || ReportingPackages.Contains(p));
    }

    [Fact]
    public void ArchitectureDoc_Tree_MatchesTheSourceFolders()
    {
        // The same listing as the script in docs/architecture.md: folders only, sorted ordinally, without bin/obj/wwwroot.
        var tree = new System.Text.StringBuilder("src/\n");
        void Walk(string root, string prefix)
        {
            var dirs = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>()
                .Where(d => d is not ("bin" or "obj" or "wwwroot")).Order(StringComparer.Ordinal).ToArray();
            for (int i = 0; i < dirs.Length; i++)
            {
                bool last = i == dirs.Length - 1;
                tree.Append(prefix).Append(last ? "└── " : "├── ").Append(dirs[i]).Append("/\n");
                Walk(Path.Combine(root, dirs[i]), prefix + (last ? "    " : "│   "));
            }
        }
        Walk(SourceRoot(), "");
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "architecture.md")).ReplaceLineEndings("\n");
        Assert.True(doc.Contains("```\n" + tree + "```", StringComparison.Ordinal),
                    "docs/architecture.md's tree differs from src/; regenerate it with the script there:\n" + tree);
    }
}
