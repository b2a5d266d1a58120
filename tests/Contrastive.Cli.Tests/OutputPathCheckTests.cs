
namespace Contrastive.Cli.Tests;

/// <summary>
/// Every command that writes checks its output folders and files before any work (<see cref="OutputPath"/>): an
/// existing file where a folder is expected, an existing folder where a file is expected, or a location that cannot be
/// written gives one line naming the option, exit 1. The inputs of these runs do not exist, so a command that read its
/// data or loaded its model first would fail on that instead.
/// </summary>
[Collection(Commands.ProgressDisplayCollection.Name)]
public class OutputPathCheckTests
{
    /// <summary>Commands whose OUT is a folder; "M" stands for a missing input file.</summary>
    public static TheoryData<string, string> FolderOutputs => new()
    {
        { "--output-dir", "seqrec train --model sasrec --data M --output-dir OUT" },
        { "--output-dir", "vision train --method simclr --data M --output-dir OUT" },
        { "--output-dir", "distill --teacher M --train-file M --output-dir OUT" },
        { "--output-dir", "sbert train --objective nli --train-file M --vocab M --output-dir OUT" },
        { "--output-dir", "simcse train --train-file M --vocab M --output-dir OUT" },
        { "--output-dir", "bert pretrain --corpus M --vocab M --output-dir OUT" },
        { "--out", "model import --onnx M --vocab M --out OUT" },
        { "--cache-dir", "model download org/name --cache-dir OUT --endpoint http://127.0.0.1:9" },
        { "--output", "whiten --model M --corpus M --output OUT" },
        { "--output", "flow --model M --corpus M --output OUT" },
        { "--out", "tokenizer train --corpus M --vocab-size 100 --out OUT" },
        { "--out", "index build --model M --corpus M --out OUT" },
        { "--out", "bert init --vocab M --out OUT" },
    };

    /// <summary>Commands whose OUT is a file.</summary>
    public static TheoryData<string, string> FileOutputs => new()
    {
        { "--out", "seqrec eval --model M --data M --out OUT" },
        { "--json", "vision eval --raw-pixels --data M --json OUT" },
        { "--out", "vision preview --data M --out OUT" },
        { "--out", "model export-onnx --model M --out OUT" },
        { "--json", "eval sts --model M --data M --json OUT" },
        { "--output", "encode --merge M M --output OUT.npy" },
        { "--output", "encode --model M --input M --shard 0/2 --output OUT.npy" },
    };

    static string[] Args(string command, TempDir dir, string output) =>
        command.Split(' ').Select(a => a switch { "M" => dir.File("missing"), "OUT" => output, "OUT.npy" => output + ".npy", _ => a }).ToArray();

    [Theory]
    [MemberData(nameof(FolderOutputs))]
    public void FolderOutput_IsAnExistingFile_OneLineNamingTheOptionBeforeAnyWork(string option, string command)
    {
        using var dir = new TempDir();
        var file = dir.File("out");
        File.WriteAllText(file, "not a folder");
        InProcessCli.AssertBadInput($"{option} {file}: this is an existing file", Args(command, dir, file));
    }

    [Theory]
    [MemberData(nameof(FileOutputs))]
    public void FileOutput_IsAnExistingFolder_OneLineNamingTheOptionBeforeAnyWork(string option, string command)
    {
        using var dir = new TempDir();
        var folder = dir.File("out");
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(folder + ".npy");
        InProcessCli.AssertBadInput($"{option} {folder}", Args(command, dir, folder));
    }

    [SkippableTheory]
    [MemberData(nameof(FolderOutputs))]
    [MemberData(nameof(FileOutputs))]
    public void Output_InAFolderThatCannotBeWritten_OneLineNamingTheOptionBeforeAnyWork(string option, string command)
    {
        Skip.IfNot(Directory.Exists("/proc/self"), "needs /proc (Linux)");
        using var dir = new TempDir();
        InProcessCli.AssertBadInput($"{option} /proc/contrastive-out", Args(command, dir, "/proc/contrastive-out"));
    }
}
