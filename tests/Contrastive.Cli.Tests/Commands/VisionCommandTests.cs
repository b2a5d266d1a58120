using System.Globalization;
using System.Text.Json;

namespace Contrastive.Cli.Tests.Commands;

public class VisionCommandTests
{
    /// <summary>A digits-style CSV of 6x6 images whose class (0..2) is a bright row at height 2 * label.</summary>
    static string Csv(TempDir dir, int rows = 60)
    {
        var random = new Random(1);
        var lines = new List<string>();
        for (int i = 0; i < rows; i++)
        {
            int label = i % 3;
            var pixels = Enumerable.Range(0, 36).Select(p => p / 6 == 2 * label ? 16 : random.Next(4));
            lines.Add(string.Join(",", pixels.Append(label).Select(v => v.ToString(CultureInfo.InvariantCulture))));
        }
        var path = dir.File("digits.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void TrainThenEval_TinyCsv_WritesEncoderAndJsonAccuracies()
    {
        using var dir = new TempDir();
        var data = Csv(dir);
        var output = dir.File("run");
        var (code, stderr) = InProcessCli.Run("vision", "train", "--method", "byol", "--data", data, "--output-dir", output,
            "--width", "8", "--hidden-dim", "16", "--projection-dim", "8", "--augment", "crop,flip,noise", "--batch-size", "8",
            "--max-steps", "3", "--eval-steps", "2", "--warmup-steps", "0");
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(output, "final", "vision_model.json")));
        Assert.True(File.Exists(Path.Combine(output, "collapse_monitor.png")));

        var json = dir.File("eval.json");
        (code, stderr) = InProcessCli.Run("vision", "eval", "--model", output, "--data", data, "--k", "5", "--probe-steps", "30", "--json", json);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.InRange(doc.RootElement.GetProperty("knn_accuracy").GetDouble(), 0, 1);
        Assert.Equal(48, doc.RootElement.GetProperty("train_images").GetInt32());
        Assert.Equal(32, doc.RootElement.GetProperty("feature_dim").GetInt32());
    }

    [Fact]
    public void Eval_RawPixels_SeparableClassesNearPerfect()
    {
        using var dir = new TempDir();
        var json = dir.File("raw.json");
        var (code, stderr) = InProcessCli.Run("vision", "eval", "--raw-pixels", "--data", Csv(dir), "--k", "5", "--augment", "none", "--json", json);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.True(doc.RootElement.GetProperty("linear_probe_accuracy").GetDouble() > 0.9);
    }

    [Fact]
    public void Preview_WritesPng()
    {
        using var dir = new TempDir();
        var png = dir.File("grid.png");
        var (code, stderr) = InProcessCli.Run("vision", "preview", "--data", Csv(dir), "--out", png, "--samples", "2");
        Assert.True(code == 0, stderr);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);
    }

    [Fact]
    public void Train_UnknownMethod_OneErrorLine()
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("'swav'", "vision", "train", "--method", "swav", "--data", Csv(dir), "--output-dir", dir.File("o"));
    }

    [Fact]
    public void Train_SimClrWithHcl_WritesEncoder()
    {
        using var dir = new TempDir();
        var output = dir.File("run");
        var (code, stderr) = InProcessCli.Run("vision", "train", "--method", "simclr", "--loss", "hcl", "--hcl-beta", "0.5",
            "--data", Csv(dir), "--output-dir", output, "--width", "8", "--hidden-dim", "16", "--projection-dim", "8",
            "--augment", "crop,flip,noise", "--batch-size", "8", "--max-steps", "2", "--eval-steps", "2", "--warmup-steps", "0");
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(output, "final", "vision_model.json")));
    }

    [Fact]
    public void Train_HclWithByol_OneErrorLine()
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("--loss hcl", "vision", "train", "--method", "byol", "--loss", "hcl", "--data", Csv(dir), "--output-dir", dir.File("o"));
    }

    [Fact]
    public void Train_UnknownLoss_OneErrorLine()
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("'focal'", "vision", "train", "--method", "simclr", "--loss", "focal", "--data", Csv(dir), "--output-dir", dir.File("o"));
    }

    [Fact]
    public void Eval_ModelAndRawPixels_OneErrorLine()
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("--raw-pixels", "vision", "eval", "--raw-pixels", "--model", dir.Path, "--data", Csv(dir));
    }

    [Fact]
    public void Train_BadIdxFolder_OneErrorLineNamingTheFile()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("train-images-idx3-ubyte"), [0, 0, 8, 1, 0, 0, 0, 1]);
        File.WriteAllBytes(dir.File("train-labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0, 0, 1, 0]);
        InProcessCli.AssertBadInput("train-images-idx3-ubyte", "vision", "train", "--method", "simclr", "--data", dir.Path, "--output-dir", dir.File("o"));
    }

    [Theory]
    [InlineData("supcon", new string[0], 32)]
    [InlineData("cmc", new[] { "--cmc-graph", "full" }, 64)]                          // two 32-d view encoders
    [InlineData("simclr", new[] { "--head", "simclr-v2" }, 16)]                       // backbone + the head's first layer
    public void TrainThenEval_NewMethods_EvaluateTheSavedRepresentation(string method, string[] extra, int featureDim)
    {
        using var dir = new TempDir();
        var data = Csv(dir);
        var output = dir.File("run");
        var (code, stderr) = InProcessCli.Run(["vision", "train", "--method", method, "--data", data, "--output-dir", output,
            "--width", "8", "--hidden-dim", "16", "--projection-dim", "8", "--augment", "crop,flip", "--batch-size", "8",
            "--max-steps", "2", "--eval-steps", "2", "--warmup-steps", "0", .. extra]);
        Assert.True(code == 0, stderr);
        var json = dir.File("eval.json");
        (code, stderr) = InProcessCli.Run("vision", "eval", "--model", output, "--data", data, "--k", "5", "--probe-steps", "10", "--augment", "none", "--json", json);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(featureDim, doc.RootElement.GetProperty("feature_dim").GetInt32());
    }

    [Fact]
    public void Eval_ProbeLayerBeyondTheHead_OneErrorLine()
    {
        using var dir = new TempDir();
        var data = Csv(dir);
        var output = dir.File("run");
        var (code, stderr) = InProcessCli.Run("vision", "train", "--method", "simclr", "--data", data, "--output-dir", output,
            "--width", "8", "--hidden-dim", "16", "--projection-dim", "8", "--augment", "crop", "--batch-size", "8", "--max-steps", "1", "--warmup-steps", "0");
        Assert.True(code == 0, stderr);
        InProcessCli.AssertBadInput("probe layer 2", "vision", "eval", "--model", output, "--data", data, "--probe-layer", "2");
    }

    [Fact]
    public void Train_CmcColourViewsOnGreyData_OneErrorLine()
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("RGB", "vision", "train", "--method", "cmc", "--cmc-views", "l,ab", "--data", Csv(dir), "--output-dir", dir.File("o"));
    }

    [Fact]
    public void Train_ResumeWithChangedMethodArguments_RefusedNamingEachDifference()
    {
        using var dir = new TempDir();
        var data = Csv(dir);
        string[] Args(string augment, params string[] extra) =>
            ["vision", "train", "--method", "simclr", "--data", data, "--output-dir", dir.File("run"), "--width", "8", "--hidden-dim", "16",
             "--projection-dim", "8", "--augment", augment, "--batch-size", "8", "--max-steps", "2", "--eval-steps", "2",
             "--warmup-steps", "0", .. extra];
        var (code, stderr) = InProcessCli.Run(Args("crop,flip,noise"));
        Assert.True(code == 0, stderr);

        var line = InProcessCli.AssertBadInput("method_options.Temperature none -> 0.3", Args("crop,flip", "--resume", "--temperature", "0.3", "--head", "simclr-v2"));
        Assert.Contains("augment crop,flip,noise -> crop,flip", line);
        Assert.Contains("method_options.HeadLayers 2 -> 3", line);
    }

    static readonly string[] TinyRun = ["--batch-size", "8", "--max-steps", "2", "--eval-steps", "2", "--warmup-steps", "0"];

    static string PretrainSimClrV2(TempDir dir, string data)
    {
        var output = dir.File("pretrain");
        var (code, stderr) = InProcessCli.Run(["vision", "train", "--method", "simclr", "--head", "simclr-v2", "--data", data, "--output-dir", output,
            "--width", "8", "--hidden-dim", "16", "--projection-dim", "8", "--augment", "crop,flip", .. TinyRun]);
        Assert.True(code == 0, stderr);
        return output;
    }

    [Fact]
    public void FinetuneThenDistill_TinyCsv_FineTunedTeacherDistilsIntoAStudent()
    {
        using var dir = new TempDir();
        var data = Csv(dir);
        var pretrained = PretrainSimClrV2(dir, data);

        var json = dir.File("ft.json");
        var finetuned = dir.File("ft");
        var (code, stderr) = InProcessCli.Run(["vision", "finetune", "--model", pretrained, "--data", data, "--output-dir", finetuned,
            "--label-fraction", "0.5", "--json", json, .. TinyRun]);
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(File.ReadAllText(json)))
        {
            Assert.Equal(1, doc.RootElement.GetProperty("head_layers").GetInt32());          // SimCLR v2: the first head layer
            Assert.Equal(16, doc.RootElement.GetProperty("feature_dim").GetInt32());
            Assert.Equal(24, doc.RootElement.GetProperty("labelled_images").GetInt32());     // half of each class of the 48 training rows
            Assert.InRange(doc.RootElement.GetProperty("test_accuracy").GetDouble(), 0, 1);
        }
        Assert.True(File.Exists(Path.Combine(finetuned, "final", "classifier.safetensors")));

        var student = dir.File("student");
        (code, stderr) = InProcessCli.Run(["vision", "distill", "--teacher", finetuned, "--data", data, "--output-dir", student,
            "--student-width", "8", "--loss", "kl-predictions", .. TinyRun]);
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(student, "final", "classifier.safetensors")));
        (code, stderr) = InProcessCli.Run("vision", "eval", "--model", student, "--data", data, "--k", "5", "--probe-steps", "10", "--augment", "none");
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public void Finetune_FromEncoderOutput_UsesTheBackboneFeatures()
    {
        using var dir = new TempDir();
        var data = Csv(dir);
        var json = dir.File("ft.json");
        var (code, stderr) = InProcessCli.Run(["vision", "finetune", "--model", PretrainSimClrV2(dir, data), "--data", data,
            "--output-dir", dir.File("ft"), "--head-layers", "0", "--json", json, .. TinyRun]);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(0, doc.RootElement.GetProperty("head_layers").GetInt32());
        Assert.Equal(32, doc.RootElement.GetProperty("feature_dim").GetInt32());
        Assert.Equal(48, doc.RootElement.GetProperty("labelled_images").GetInt32());
    }

    [Fact]
    public void Distill_KlPredictionsFromATeacherWithoutClassifier_OneErrorLine()
    {
        using var dir = new TempDir();
        var data = Csv(dir);
        var teacher = PretrainSimClrV2(dir, data);
        InProcessCli.AssertBadInput("classifier", "vision", "distill", "--teacher", teacher, "--data", data, "--output-dir", dir.File("s"), "--loss", "kl-predictions");
    }

    [Fact]
    public void Distill_MseWithAnotherWidth_OneErrorLine()
    {
        using var dir = new TempDir();
        var data = Csv(dir);
        var teacher = PretrainSimClrV2(dir, data);     // 16-d features (the kept head layer); a width-8 small CNN gives 32
        InProcessCli.AssertBadInput("--loss mse", "vision", "distill", "--teacher", teacher, "--data", data, "--output-dir", dir.File("s"),
                                    "--loss", "mse", "--student-width", "8");
    }

    [Fact]
    public void Finetune_BadLabelFraction_OneErrorLine()
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("--label-fraction", "vision", "finetune", "--model", dir.Path, "--data", Csv(dir), "--output-dir", dir.File("o"),
                                    "--label-fraction", "2");
    }
}
