using System.CommandLine;
using System.Globalization;
using Contrastive.Core;
using Contrastive.Core.Losses;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;
using Contrastive.Text.Distillation;
using Contrastive.Text.Models;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive distill</c>: trains a smaller student sentence encoder on unlabeled sentences to reproduce a
/// teacher's embeddings (SimCLR v2's distillation step; sentence-transformers' model distillation).
/// </summary>
public static class DistillCommand
{
    public static Command Create()
    {
        var teacher = new Option<string>("--teacher") { Description = "The teacher: a sentence-encoder folder, or all-MiniLM-L6-v2 / arctic-embed-xs.", Required = true };
        var trainFile = new Option<string[]>("--train-file") { Description = "Unlabeled text file(s), one sentence per line (.tsv: last column).", Required = true, AllowMultipleArgumentsPerToken = true };
        var outputDir = new Option<string>("--output-dir") { Description = "Where the teacher's cached embeddings, checkpoints, best/ and final/ go.", Required = true };
        var studentLayers = new Option<string?>("--student-layers") { Description = "Initialise the student from these teacher layers, e.g. 0,2,4 (DistilBERT / layer reduction); otherwise the student starts from random weights." };
        var hidden = new Option<int?>("--hidden-size") { Description = "Random student: hidden size (default: the teacher's)." };
        var layers = new Option<int?>("--num-layers") { Description = "Random student: transformer layers (default: half the teacher's)." };
        var heads = new Option<int?>("--num-heads") { Description = "Random student: attention heads (default: hidden / 64)." };
        var intermediate = new Option<int?>("--intermediate-size") { Description = "Random student: feed-forward size (default 4 x hidden)." };
        var vocab = new Option<string?>("--vocab") { Description = "Random student: its own vocab.txt (e.g. from `tokenizer train`); default: the teacher's." };
        var loss = new Option<string>("--loss") { Description = $"Distillation loss: {string.Join(", ", DistillationLossKindNames.All)}.", DefaultValueFactory = _ => "mse" };
        var temperature = new Option<double>("--temperature") { Description = "Temperature of the kl-similarity loss.", DefaultValueFactory = _ => DistillationOptions.DefaultTemperature };
        var pooler = PoolerOption.Override("The student's pooler (default: the teacher's).");
        var maxSeqLength = new Option<int>("--max-seq-length") { Description = "Maximum tokens per sentence, for the teacher's targets and the student.", DefaultValueFactory = _ => DistillationOptions.DefaultMaxSeqLength };
        var training = new TrainingOptionsBinder(DistillationTrainingSetup.DefaultTraining("output"), "Sentences");
        var evalFile = new Option<string?>("--eval-file") { Description = "STS data evaluated every --eval-steps (e.g. sts-dev.csv); the best student is kept in best/." };

        var command = new Command("distill", "Distil a teacher sentence encoder into a smaller student (SimCLR v2 step 3; sentence-transformers' distillation).")
        {
            teacher, trainFile, outputDir, studentLayers, hidden, layers, heads, intermediate, vocab, loss, temperature, pooler,
            maxSeqLength, evalFile,
        };
        foreach (var option in training.All) command.Options.Add(option);
        command.SetAction(p =>
        {
            OutputPath.Folder(p.GetValue(outputDir)!, "--output-dir");
            var subset = p.GetValue(studentLayers) is { } list ? ParseLayers(list) : null;
            BertConfig? shape = null;
            if (subset is not null)
            {
                if (p.GetValue(hidden) is not null || p.GetValue(layers) is not null || p.GetValue(heads) is not null || p.GetValue(intermediate) is not null)
                    throw new ContrastiveException("--student-layers takes the teacher's shape; --hidden-size, --num-layers, --num-heads and --intermediate-size are for a random student.");
            }
            else
            {
                var t = TeacherConfig(p.GetValue(teacher)!);
                int h = p.GetValue(hidden) ?? t.HiddenSize;
                shape = t with
                {
                    HiddenSize = h,
                    NumHiddenLayers = p.GetValue(layers) ?? Math.Max(1, t.NumHiddenLayers / 2),
                    NumAttentionHeads = p.GetValue(heads) ?? Math.Max(1, h / 64),
                    IntermediateSize = p.GetValue(intermediate) ?? 4 * h,
                };
            }
            var setup = new DistillationTrainingSetup(
                TeacherDir: p.GetValue(teacher)!,
                TrainFiles: p.GetValue(trainFile)!,
                Training: training.Bind(p, p.GetValue(outputDir)!),
                Distillation: new DistillationOptions(DistillationLossKindNames.Parse(p.GetValue(loss)!), p.GetValue(temperature), p.GetValue(maxSeqLength)),
                StudentLayers: subset,
                NewStudent: shape,
                VocabPath: p.GetValue(vocab),
                Pooler: PoolerOption.GetOverride(p, pooler),
                EvalPath: p.GetValue(evalFile));
            var result = training.Run(p, (obs, resuming, ct) => DistillationTraining.Run(setup, obs, resuming, ct));
            TrainingSummary.Print(result);
            return 0;
        });
        return command;
    }

    /// <summary>"0,2,4" as layer indices; anything else is a one-line error.</summary>
    public static int[] ParseLayers(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var result = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out result[i]))
                throw new ContrastiveException($"--student-layers '{text}': expected comma-separated layer indices such as 0,2,4.");
        return result;
    }

    static BertConfig TeacherConfig(string model) =>
        BertConfig.Load(Path.Combine(ModelLocator.Resolve(model, Console.Error.WriteLine), "config.json"));
}
