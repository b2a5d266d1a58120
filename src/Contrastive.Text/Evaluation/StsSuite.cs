using Contrastive.Core;

namespace Contrastive.Text.Evaluation;

/// <summary>
/// The STS tasks one evaluation runs over, in SimCSE's table order (STS12 .. STS16, STSBenchmark, SICKRelatedness).
/// <see cref="Load"/> finds them on disk in SentEval's layout.
/// </summary>
public sealed class StsSuite
{
    public const string StsBenchmark = "STSBenchmark";
    public const string SickRelatedness = "SICKRelatedness";

    /// <summary>SimCSE's seven STS tasks in its table order.</summary>
    public static IReadOnlyList<string> StandardTaskNames { get; } =
        ["STS12", "STS13", "STS14", "STS15", "STS16", StsBenchmark, SickRelatedness];

    /// <summary>The tasks, standard ones first in table order, then any others in the order given.</summary>
    public IReadOnlyList<StsTask> Tasks { get; }

    /// <exception cref="ArgumentException">No tasks, or two tasks share a name.</exception>
    public StsSuite(IEnumerable<StsTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var list = tasks.ToList();
        if (list.Count == 0)
            throw new ArgumentException("An STS suite needs at least one task.", nameof(tasks));
        var duplicate = list.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"The STS suite lists task {duplicate.Key} twice.", nameof(tasks));
        Tasks = list.OrderBy(t => StandardOrder(t.Name)).ToList(); // OrderBy is stable: non-standard tasks keep their order
    }

    /// <summary>The task called <paramref name="name"/>, or null.</summary>
    public StsTask? Find(string name) => Tasks.FirstOrDefault(t => t.Name == name);

    /// <summary>Pairs over all tasks.</summary>
    public int PairCount => Tasks.Sum(t => t.PairCount);

    /// <summary>
    /// Finds STS data at <paramref name="path"/>:
    /// <list type="bullet">
    /// <item>a file: one STS Benchmark file (task STSBenchmark), or a SICK file named <c>SICK*</c> (task SICKRelatedness);</item>
    /// <item>a SentEval data folder (e.g. <c>SentEval/data/downstream</c>) holding <c>STS/</c> (with <c>STS12-en-test</c> ..
    /// <c>STS16-en-test</c> and <c>STSBenchmark/sts-test.csv</c>) and <c>SICK/SICK_test_annotated.txt</c>: every task present;</item>
    /// <item>the <c>STS/</c> folder itself (SICK is then also looked for in a sibling <c>SICK/</c>);</item>
    /// <item>a folder holding <c>sts-test.csv</c> directly: task STSBenchmark.</item>
    /// </list>
    /// </summary>
    /// <exception cref="ContrastiveException">Nothing is found, or a file found is malformed.</exception>
    public static StsSuite Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
        {
            bool sick = Path.GetFileName(path).StartsWith("SICK", StringComparison.OrdinalIgnoreCase);
            return new StsSuite([sick ? SickReader.ReadTask(path) : StsBenchmarkReader.ReadTask(path)]);
        }
        if (!Directory.Exists(path))
            throw new ContrastiveException($"STS data path {path} does not exist.");

        var full = Path.GetFullPath(path);
        var nested = Path.Combine(full, "STS");
        var stsRoot = Directory.Exists(nested) ? nested : full;
        var tasks = new List<StsTask>();
        foreach (var name in SentEvalStsReader.SubsetsByTask.Keys)
        {
            var folder = Path.Combine(stsRoot, SentEvalStsReader.FolderName(name));
            if (Directory.Exists(folder)) tasks.Add(SentEvalStsReader.ReadTask(folder, name));
        }

        var stsbCandidates = new[] { Path.Combine(stsRoot, StsBenchmark, "sts-test.csv"), Path.Combine(full, "sts-test.csv") };
        var stsb = stsbCandidates.FirstOrDefault(File.Exists);
        if (stsb is not null) tasks.Add(StsBenchmarkReader.ReadTask(stsb));

        var sickCandidates = new List<string> { Path.Combine(full, "SICK", SickReader.TestFileName) };
        if (stsRoot == full && Path.GetDirectoryName(full) is { } parent)
            sickCandidates.Add(Path.Combine(parent, "SICK", SickReader.TestFileName));
        var sickFile = sickCandidates.FirstOrDefault(File.Exists);
        if (sickFile is not null) tasks.Add(SickReader.ReadTask(sickFile));

        if (tasks.Count == 0)
            throw new ContrastiveException(
                $"No STS data found in {path}: looked for {string.Join(", ", SentEvalStsReader.SubsetsByTask.Keys.Select(SentEvalStsReader.FolderName))} " +
                $"under {stsRoot}, for {string.Join(" or ", stsbCandidates)}, and for {string.Join(" or ", sickCandidates)}.");
        return new StsSuite(tasks);
    }

    static int StandardOrder(string name)
    {
        for (int i = 0; i < StandardTaskNames.Count; i++)
            if (StandardTaskNames[i] == name) return i;
        return StandardTaskNames.Count;
    }
}
