using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contrastive.Core;
using Contrastive.Core.Serialization;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Cli.Tests;

public class ContrastiveCliTests
{
    /// <summary>Shape, dtype descriptor and data of a NumPy .npy file (version 1.0, C order), parsed by hand.</summary>
    static (long[] Shape, string Descr, byte[] Data) ReadNpy(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0], bytes[..8]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8, 2));
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.Contains("'fortran_order': False", header);
        var descr = Regex.Match(header, @"'descr': '([^']+)'").Groups[1].Value;
        var shape = Regex.Match(header, @"'shape': \(([^)]*)\)").Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse).ToArray();
        return (shape, descr, bytes[(10 + headerLength)..]);
    }

    [Fact]
    public void CreateRootCommand_HasEveryCommand()
    {
        var root = ContrastiveCli.CreateRootCommand();
        string[] Sub(string name) => root.Subcommands.Single(c => c.Name == name).Subcommands.Select(c => c.Name).ToArray();

        Assert.Equal(["simcse", "distill", "eval", "encode", "whiten", "flow", "sbert", "tokenizer", "bert", "model", "similarity", "plot", "index", "search", "serve", "seqrec", "vision"],
                     root.Subcommands.Select(c => c.Name));
        Assert.Equal(["train", "eval", "recommend"], Sub("seqrec"));
        Assert.Equal(["curves"], Sub("plot"));
        Assert.Equal(["train"], Sub("simcse"));
        Assert.Equal(["sts", "baseline", "report"], Sub("eval"));
        Assert.Equal(["train", "encode"], Sub("tokenizer"));
        Assert.Equal(["init", "pretrain", "eval-mlm"], Sub("bert"));
        Assert.Equal(["build"], Sub("index"));
        Assert.Equal(["import", "download", "export-onnx"], Sub("model"));
        Assert.Equal(["train", "eval", "finetune", "distill", "preview"], Sub("vision"));
    }

    [Fact]
    public void Run_MissingModelFolder_OneErrorLineAndExitCode1()
    {
        using var dir = new TempDir();
        var missing = dir.File("no-such-model");
        var stderr = new StringWriter();

        int code = ContrastiveCli.Run(["eval", "sts", "--model", missing, "--data", TinyCorpus.StsBenchmark(dir)], stderr);

        Assert.Equal(CliRunner.BadInput, code);
        Assert.Equal($"error: {missing}: model folder not found (built-in models: all-MiniLM-L6-v2, arctic-embed-xs).", stderr.ToString().TrimEnd());
    }

    [Fact]
    public void Run_NoCommand_OneErrorLinePointingToHelp() =>
        Assert.EndsWith("(see --help)", InProcessCli.AssertBadInput("command"));

    [Fact]
    public void ApplyThreadCount_PositiveNumber_SetsTorchThreads()
    {
        int before = torch.get_num_threads();
        try
        {
            ContrastiveCli.ApplyThreadCount(" 1 ");
            Assert.Equal(1, torch.get_num_threads());
            ContrastiveCli.ApplyThreadCount(null);
            ContrastiveCli.ApplyThreadCount("");
            Assert.Equal(1, torch.get_num_threads());
        }
        finally
        {
            torch.set_num_threads(before);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("two")]
    [InlineData("1.5")]
    public void ApplyThreadCount_NotAPositiveInteger_ThrowsNamingVariableAndValue(string value)
    {
        var e = Assert.Throws<ContrastiveException>(() => ContrastiveCli.ApplyThreadCount(value));

        Assert.Equal($"{ContrastiveCli.ThreadsVariable}: '{value}' is not a positive number of threads.", e.Message);
    }

    [Fact]
    public void TrainThenEvalThenEncode_TinyModel_EndToEnd()
    {
        using var dir = new TempDir();
        var sts = TinyCorpus.StsBenchmark(dir, pairs: 12);
        var output = dir.File("run");

        var (code, stderr) = InProcessCli.Run(
            "simcse", "train", "--train-file", TinyCorpus.WriteRandom(dir, "corpus.txt", 24, seed: 3), "--vocab", TinyVocabulary.Words.Write(dir),
            "--output-dir", output, "--hidden-size", "32", "--num-layers", "2", "--num-heads", "2", "--intermediate-size", "64",
            "--pooler", "avg", "--batch-size", "8", "--learning-rate", "1e-3", "--max-steps", "6", "--eval-steps", "3", "--eval-file", sts);

        Assert.True(code == 0, stderr);
        Assert.Equal("", stderr);
        var log = File.ReadAllLines(Path.Combine(output, "trainer_log.jsonl"));
        Assert.Equal(6, log.Count(l => l.Contains("\"loss\"")));
        Assert.Equal(2, log.Count(l => l.Contains("\"stsb_spearman\"")));
        Assert.Equal(PoolerType.Avg, SentenceEncoderFolder.Load(Path.Combine(output, "best")).Pipeline.SimCsePooler);
        Assert.True(File.Exists(Path.Combine(output, "final", "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(output, "checkpoint", "trainer_state.json")));

        // eval sts on the best model, results as JSON.
        var json = dir.File("results.json");
        (code, stderr) = InProcessCli.Run("eval", "sts", "--model", Path.Combine(output, "best"), "--data", sts, "--json", json);
        Assert.True(code == 0, stderr);
        using (var results = JsonDocument.Parse(File.ReadAllText(json)))
        {
            double spearman = results.RootElement.GetProperty("STSBenchmark").GetDouble();
            Assert.InRange(spearman, -100, 100);
            Assert.Equal(spearman, results.RootElement.GetProperty("avg").GetDouble());
            Assert.True(results.RootElement.TryGetProperty("uniformity", out _));
        }

        // encode to .npy (unit rows) and to .safetensors (raw rows): same directions.
        var input = TinyCorpus.WriteRandom(dir, "to-encode.txt", 7, seed: 9);
        (code, stderr) = InProcessCli.Run("encode", "--model", Path.Combine(output, "best"), "--input", input, "--output", dir.File("e.npy"),
                                          "--batch-size", "3");
        Assert.True(code == 0, stderr);
        (code, stderr) = InProcessCli.Run("encode", "--model", Path.Combine(output, "best"), "--input", input, "--output", dir.File("e.safetensors"),
                                          "--no-normalize");
        Assert.True(code == 0, stderr);

        var (shape, descr, data) = ReadNpy(dir.File("e.npy"));
        Assert.Equal([7L, 32], shape);
        Assert.Equal("<f4", descr);
        Assert.Equal(7 * 32 * sizeof(float), data.Length);
        using var scope = NewDisposeScope();
        var unit = torch.tensor(data.Chunk(4).Select(b => BitConverter.ToSingle(b)).ToArray(), [7, 32]);
        Assert.True(unit.norm(1).allclose(torch.ones(7), rtol: 0, atol: 1e-5));

        var tensors = SafeTensors.Load(dir.File("e.safetensors"));
        var raw = Assert.Single(tensors).Value;
        Assert.Equal("embeddings", tensors.Keys.Single());
        Assert.Equal([7L, 32], raw.shape);
        Assert.Equal(ScalarType.Float32, raw.dtype);
        Assert.True(unit.allclose(raw / raw.norm(1, keepdim: true), rtol: 0, atol: 1e-5));
    }
}
