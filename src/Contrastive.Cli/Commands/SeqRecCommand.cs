using System.CommandLine;
using System.Globalization;
using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Sequences.Data;
using Contrastive.Sequences.Evaluation;
using Contrastive.Sequences.Inference;
using Contrastive.Sequences.Model;
using Contrastive.Sequences.Training;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive seqrec train|eval|recommend</c>: SASRec, CL4SRec, CoSeRec and DuoRec sequential recommendation with RecBole's
/// defaults (hidden 64, 2 layers, 2 heads, dropout 0.5, max length 50, Adam lr 1e-3, batch 256, early stopping after 10
/// evaluations without a better validation NDCG@10) and leave-one-out full-ranking evaluation.
/// </summary>
public static class SeqRecCommand
{
    public static Command Create() => new("seqrec", "Sequential recommendation: SASRec, CL4SRec, CoSeRec and DuoRec.")
    {
        Train(), Eval(), Recommend(),
    };

    static Option<string> FormatOption() => new("--format")
    {
        Description = "sequences: 'user item1 item2 ...' per line; ratings: 'user item rating timestamp' per line (MovieLens u.data).",
        DefaultValueFactory = _ => "sequences",
    };

    static SequenceFormat ParseFormat(string name) => name.Trim().ToLowerInvariant() switch
    {
        "sequences" => SequenceFormat.Sequences,
        "ratings" => SequenceFormat.Ratings,
        _ => throw new ContrastiveException($"Unknown --format '{name}': use sequences or ratings."),
    };

    static Command Train()
    {
        var model = new Option<string>("--model") { Description = "sasrec, cl4srec, coserec or duorec.", Required = true };
        var data = new Option<string>("--data") { Description = "Interaction file.", Required = true };
        var format = FormatOption();
        var kCore = new Option<int?>("--k-core") { Description = "Keep only users and items with at least k interactions (repeated until stable)." };
        var outputDir = new Option<string>("--output-dir") { Description = "Where checkpoints, best/ and final/ models, the log and results.json go.", Required = true };
        var shape = new SasRecConfig();   // RecBole's SASRec defaults
        var maxLength = new Option<int>("--max-seq-length") { Description = "Most recent items kept per sequence.", DefaultValueFactory = _ => shape.MaxSeqLength };
        var hidden = new Option<int>("--hidden-size") { Description = "Embedding and hidden size.", DefaultValueFactory = _ => shape.HiddenSize };
        var layers = new Option<int>("--num-layers") { Description = "Transformer layers.", DefaultValueFactory = _ => shape.NumLayers };
        var heads = new Option<int>("--num-heads") { Description = "Attention heads.", DefaultValueFactory = _ => shape.NumHeads };
        var inner = new Option<int>("--inner-size") { Description = "Feed-forward size.", DefaultValueFactory = _ => shape.InnerSize };
        var dropout = new Option<double>("--dropout") { Description = "Hidden and attention dropout.", DefaultValueFactory = _ => shape.HiddenDropout };
        var trainingDefaults = SeqRecTrainingSetup.DefaultTraining("output");
        var training = new TrainingOptionsBinder(trainingDefaults, "Users", evalSteps: false);
        var maxGradNorm = new Option<double?>("--max-grad-norm") { Description = "Clip the gradient norm (RecBole: no clipping, the default)." };
        var evalEpochs = new Option<int>("--eval-epochs") { Description = "Evaluate on the validation items (and checkpoint) every N epochs.", DefaultValueFactory = _ => 1 };
        var patience = new Option<int?>("--patience") { Description = "Stop after this many evaluations without a better validation NDCG@10 (RecBole's stopping_step).", DefaultValueFactory = _ => trainingDefaults.EarlyStoppingPatience };
        var cl4srec = new Cl4SRecOptions();
        var coserec = new CoSeRecOptions();
        var duorec = new DuoRecOptions();
        var eta = new Option<double>("--crop-eta") { Description = "CL4SRec: fraction kept by the item crop.", DefaultValueFactory = _ => cl4srec.Eta };
        var gamma = new Option<double>("--mask-gamma") { Description = "CL4SRec: fraction masked by the item mask.", DefaultValueFactory = _ => cl4srec.Gamma };
        var beta = new Option<double>("--reorder-beta") { Description = "CL4SRec: fraction shuffled by the item reorder.", DefaultValueFactory = _ => cl4srec.Beta };
        var lambda = new Option<double>("--cl-weight") { Description = "CL4SRec: weight lambda of the contrastive loss.", DefaultValueFactory = _ => cl4srec.Lambda };
        var temperature = new Option<double>("--cl-temperature") { Description = "CL4SRec: NT-Xent temperature (cosine similarity).", DefaultValueFactory = _ => cl4srec.Temperature };
        var coTao = new Option<double>("--coserec-crop") { Description = "CoSeRec: crop ratio tao.", DefaultValueFactory = _ => coserec.Tao };
        var coGamma = new Option<double>("--coserec-mask") { Description = "CoSeRec: mask ratio gamma.", DefaultValueFactory = _ => coserec.Gamma };
        var coBeta = new Option<double>("--coserec-reorder") { Description = "CoSeRec: reorder ratio beta.", DefaultValueFactory = _ => coserec.Beta };
        var coSubstitute = new Option<double>("--substitute-rate") { Description = "CoSeRec: fraction of items substituted by a correlated item.", DefaultValueFactory = _ => coserec.SubstituteRate };
        var coInsert = new Option<double>("--insert-rate") { Description = "CoSeRec: fraction of positions before which a correlated item is inserted.", DefaultValueFactory = _ => coserec.InsertRate };
        var coThreshold = new Option<int>("--augment-threshold") { Description = "CoSeRec: sequences of at most this many items get the short-sequence augmentations.", DefaultValueFactory = _ => coserec.Threshold };
        var coShort = new Option<string>("--short-augmentations") { Description = "CoSeRec: SI plus any of M, R, C (augment_type_for_short).", DefaultValueFactory = _ => coserec.ShortTypes };
        var coTopK = new Option<int>("--correlation-top-k") { Description = "CoSeRec: correlated items kept per item (one drawn uniformly).", DefaultValueFactory = _ => coserec.TopK };
        var coWeight = new Option<double>("--coserec-weight") { Description = "CoSeRec: weight of the contrastive loss (cf_weight).", DefaultValueFactory = _ => coserec.Lambda };
        var coTemperature = new Option<double>("--coserec-temperature") { Description = "CoSeRec: NT-Xent temperature (dot product).", DefaultValueFactory = _ => coserec.Temperature };
        var duoContrast = new Option<string>("--duorec-contrast") { Description = "DuoRec: us_x (published), us, un or su.", DefaultValueFactory = _ => "us_x" };
        var duoLambda = new Option<double>("--duorec-lambda") { Description = "DuoRec: weight of the dropout pair (lmd).", DefaultValueFactory = _ => duorec.Lambda };
        var duoLambdaSem = new Option<double>("--duorec-lambda-sem") { Description = "DuoRec: weight of the supervised pair (lmd_sem).", DefaultValueFactory = _ => duorec.LambdaSupervised };
        var duoTemperature = new Option<double>("--duorec-temperature") { Description = "DuoRec: temperature tau (dot product).", DefaultValueFactory = _ => duorec.Temperature };

        var train = new Command("train", "Train SASRec, CL4SRec, CoSeRec or DuoRec; evaluates on the validation items and keeps the best model by NDCG@10.")
        {
            model, data, format, kCore, outputDir, maxLength, hidden, layers, heads, inner, dropout, maxGradNorm, evalEpochs, patience,
            eta, gamma, beta, lambda, temperature,
            coTao, coGamma, coBeta, coSubstitute, coInsert, coThreshold, coShort, coTopK, coWeight, coTemperature,
            duoContrast, duoLambda, duoLambdaSem, duoTemperature,
        };
        foreach (var option in training.All) train.Options.Add(option);
        train.SetAction(p =>
        {
            OutputPath.Folder(p.GetValue(outputDir)!, "--output-dir");
            var trainingOptions = training.Bind(p, p.GetValue(outputDir)!) with
            {
                MaxGradNorm = p.GetValue(maxGradNorm), EarlyStoppingPatience = p.GetValue(patience),
            };
            var setup = new SeqRecTrainingSetup(
                DataPath: p.GetValue(data)!,
                Format: ParseFormat(p.GetValue(format)!),
                Kind: SeqRecModelKindNames.Parse(p.GetValue(model)!),
                Shape: shape with
                {
                    MaxSeqLength = p.GetValue(maxLength), HiddenSize = p.GetValue(hidden), NumLayers = p.GetValue(layers),
                    NumHeads = p.GetValue(heads), InnerSize = p.GetValue(inner),
                    HiddenDropout = p.GetValue(dropout), AttentionDropout = p.GetValue(dropout),
                },
                Training: trainingOptions,
                KCore: p.GetValue(kCore),
                Cl4SRec: new Cl4SRecOptions
                {
                    Eta = p.GetValue(eta), Gamma = p.GetValue(gamma), Beta = p.GetValue(beta),
                    Lambda = p.GetValue(lambda), Temperature = p.GetValue(temperature),
                },
                EvalEpochs: p.GetValue(evalEpochs),
                CoSeRec: new CoSeRecOptions
                {
                    Tao = p.GetValue(coTao), Gamma = p.GetValue(coGamma), Beta = p.GetValue(coBeta),
                    SubstituteRate = p.GetValue(coSubstitute), InsertRate = p.GetValue(coInsert), Threshold = p.GetValue(coThreshold),
                    ShortTypes = p.GetValue(coShort)!, TopK = p.GetValue(coTopK), Lambda = p.GetValue(coWeight),
                    Temperature = p.GetValue(coTemperature),
                },
                DuoRec: new DuoRecOptions
                {
                    Contrast = DuoRecOptions.ParseContrast(p.GetValue(duoContrast)!), Lambda = p.GetValue(duoLambda),
                    LambdaSupervised = p.GetValue(duoLambdaSem), Temperature = p.GetValue(duoTemperature),
                });
            var run = training.Run(p, (obs, resuming, ct) => SeqRecTraining.Run(setup, obs, resuming, ct));
            TrainingSummary.Print(run.Training);
            PrintReport(run.Report);
            Console.WriteLine($"seconds per epoch: {run.SecondsPerEpoch.ToString("F2", CultureInfo.InvariantCulture)} " +
                              $"({run.TrainingTargets:N0} next-item targets, {TorchSharp.torch.get_num_threads()} threads)");
            Console.WriteLine($"results:     {Path.Combine(p.GetValue(outputDir)!, SeqRecTraining.ResultsFile)}");
            return 0;
        });
        return train;
    }

    static Command Eval()
    {
        var model = new Option<string>("--model") { Description = "Model folder (best/ or final/ of a training run).", Required = true };
        var data = new Option<string>("--data") { Description = "Interaction file (the one trained on: the last two items of each user are evaluated).", Required = true };
        var format = FormatOption();
        var kCore = new Option<int?>("--k-core") { Description = "The k-core filter used in training, if any." };
        var output = new Option<string?>("--out") { Description = "Write the metrics as JSON to this file." };
        var batchSize = new Option<int>("--batch-size") { Description = "Histories scored at once.", DefaultValueFactory = _ => 512 };

        var eval = new Command("eval", "Leave-one-out full-ranking HR@{5,10,20} and NDCG@{5,10,20} on the validation and test items.")
        {
            model, data, format, kCore, output, batchSize,
        };
        eval.SetAction(p =>
        {
            if (p.GetValue(output) is { } outPath) OutputPath.File(outPath, "--out");
            var (sasRec, items) = SasRecFolder.Load(p.GetValue(model)!);
            var dataset = SequenceDataset.Load(p.GetValue(data)!, ParseFormat(p.GetValue(format)!), p.GetValue(kCore), items);
            if (dataset.UnknownInteractions > 0)
                AnsiConsole.MarkupLineInterpolated($"[yellow]{dataset.UnknownInteractions:N0} interactions with items unknown to the model were skipped.[/]");
            if (!dataset.Sequences.Any(s => s.Count() >= 3))
                throw new ContrastiveException($"{p.GetValue(data)}: no user has 3 interactions with items known to the model {p.GetValue(model)} " +
                                               "(the last two of each user are evaluated); nothing to evaluate.");
            var report = LeaveOneOutReport.Create(p.GetValue(model)!, p.GetValue(data)!, sasRec, dataset, p.GetValue(batchSize));
            PrintReport(report);
            if (p.GetValue(output) is { } path)
            {
                report.Save(path);
                Console.WriteLine($"results: {path}");
            }
            return 0;
        });
        return eval;
    }

    static Command Recommend()
    {
        var model = new Option<string>("--model") { Description = "Model folder.", Required = true };
        var history = new Argument<string[]>("items") { Description = "The history: item ids as written in the data, oldest first; items unknown to the model are skipped (a warning names them).", Arity = ArgumentArity.OneOrMore };
        var topK = new Option<int>("--top-k") { Description = "Items to recommend.", DefaultValueFactory = _ => 10 };
        var keepSeen = new Option<bool>("--keep-seen") { Description = "Also recommend items already in the history." };

        var recommend = new Command("recommend", "Print the top-k next items for a history.") { model, history, topK, keepSeen };
        recommend.SetAction(p =>
        {
            int k = p.GetValue(topK);
            if (k < 1) throw new ContrastiveException($"--top-k must be at least 1, got {k}.");
            var recommender = SequentialRecommender.Load(p.GetValue(model)!);
            var unknown = recommender.UnknownItems(p.GetValue(history)!);
            if (unknown.Count > 0 && unknown.Count < p.GetValue(history)!.Length)
                p.InvocationConfiguration.Error.WriteLine($"warning: skipped {unknown.Count} item(s) unknown to the model {p.GetValue(model)}: {string.Join(", ", unknown.Take(10))}{(unknown.Count > 10 ? ", ..." : "")}");
            foreach (var r in recommender.Recommend(p.GetValue(history)!, k, excludeSeen: !p.GetValue(keepSeen)))
                Console.WriteLine($"{r.Item}\t{r.Score.ToString("F4", CultureInfo.InvariantCulture)}");
            return 0;
        });
        return recommend;
    }

    static void PrintReport(LeaveOneOutReport report)
    {
        var table = new Table().AddColumn("split");
        var names = report.Test.Keys.ToArray();
        foreach (var name in names) table.AddColumn(name);
        table.AddRow(["valid", .. names.Select(n => report.Validation[n].ToString("F4", CultureInfo.InvariantCulture))]);
        table.AddRow(["test", .. names.Select(n => report.Test[n].ToString("F4", CultureInfo.InvariantCulture))]);
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine($"{report.Cases:N0} users evaluated over {report.Items:N0} items (full ranking, history items kept).");
    }
}
