using System.CommandLine;
using System.Text.Json;
using Contrastive.Core;
using Contrastive.Core.Evaluation;
using Contrastive.Core.Serialization;
using Contrastive.Core.Training;
using Contrastive.Reporting.Training;
using Contrastive.Vision.Augmentations;
using Contrastive.Vision.Data;
using Contrastive.Vision.Encoders;
using Contrastive.Vision.Evaluation;
using Contrastive.Vision.Methods;
using Contrastive.Vision.Models;
using Contrastive.Vision.Preview;
using Contrastive.Vision.Training;
using Spectre.Console;
using static TorchSharp.torch;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive vision train|eval|finetune|distill|preview</c>: self-supervised image representations (SimCLR, MoCo
/// v2, BYOL, SimSiam, SupCon, CMC, and a supervised baseline) with per-sample augmentations, evaluated by weighted kNN
/// and a linear probe; SimCLR v2's fine-tuning on a label fraction and its distillation into a student.
/// </summary>
public static class VisionCommand
{
    public static Command Create() =>
        new("vision", "Self-supervised image representations: SimCLR (v1, v2 head), MoCo v2, BYOL, SimSiam, SupCon, CMC; fine-tuning and distillation.")
        {
            Train(), Eval(), FineTune(), Distill(), PreviewCommand(),
        };

    static Command Train()
    {
        var method = new Option<string>("--method") { Description = $"Method: {string.Join(", ", VisionMethodNames.All)}.", Required = true };
        var data = new Option<string>("--data") { Description = "Fashion-MNIST/MNIST IDX folder, digits .csv[.gz], or an image folder (one sub-folder per class).", Required = true };
        var outputDir = new Option<string>("--output-dir") { Description = "Where checkpoints, best/ and final/ encoders and the training log go.", Required = true };
        var encoder = new Option<string>("--encoder") { Description = "small-cnn (CPU) or resnet18 (CIFAR stem).", DefaultValueFactory = _ => ImageEncoderConfig.SmallCnnName };
        var width = new Option<int?>("--width") { Description = "Base width of the encoder (default 32 for small-cnn, 64 for resnet18)." };
        var augment = new Option<string>("--augment") { Description = $"Comma-separated augmentations ({string.Join(", ", AugmentationSet.Names)}) or none.", DefaultValueFactory = _ => AugmentationSet.SimClr };
        var jitter = new Option<double>("--jitter-strength") { Description = "Colour jitter strength s (SimCLR CIFAR-10: 0.5).", DefaultValueFactory = _ => 0.5 };
        var imageSize = new Option<int>("--image-size") { Description = "Resize image-folder images / crops to this side (0: the data's own).", DefaultValueFactory = _ => 0 };
        var cropScale = new Option<double>("--crop-scale") { Description = "Smallest fraction of the image area a random crop keeps (SimCLR: 0.08; larger = weaker crops).", DefaultValueFactory = _ => RandomResizedCrop.DefaultMinScale };
        var grayscale = new Option<bool>("--grayscale") { Description = "Read an image folder as one channel." };
        var methodDefaults = new VisionMethodOptions();
        var hidden = new Option<int>("--hidden-dim") { Description = "Hidden width of the projection and prediction heads.", DefaultValueFactory = _ => methodDefaults.HiddenDim };
        var projection = new Option<int>("--projection-dim") { Description = "Output width of the SimCLR/MoCo/BYOL projection.", DefaultValueFactory = _ => methodDefaults.ProjectionDim };
        var temperature = new Option<double?>("--temperature") { Description = "Temperature (default: SimCLR 0.5, MoCo 0.2, SupCon and CMC 0.07)." };
        var queue = new Option<int>("--queue-size") { Description = "MoCo queue size K.", DefaultValueFactory = _ => methodDefaults.QueueSize };
        var mocoMomentum = new Option<double>("--moco-momentum") { Description = "MoCo key-encoder momentum m.", DefaultValueFactory = _ => methodDefaults.MoCoMomentum };
        var symmetric = new Option<bool>("--symmetric") { Description = "MoCo: symmetric loss." };
        var tauBase = new Option<double>("--byol-tau") { Description = "BYOL base momentum tau_base (cosine schedule to 1).", DefaultValueFactory = _ => methodDefaults.ByolBaseMomentum };
        var noEma = new Option<bool>("--no-ema") { Description = "BYOL ablation: target = online network (tau = 0)." };
        var noStopGradient = new Option<bool>("--no-stop-gradient") { Description = "SimSiam ablation: no stop-gradient (collapses)." };
        var head = new Option<string>("--head") { Description = "SimCLR/SupCon projection head: simclr (2 layers) or simclr-v2 (3 layers; keeps its first layer unless --keep-head-layers).", DefaultValueFactory = _ => "simclr" };
        head.AcceptOnlyFromAmong("simclr", "simclr-v2");
        var keepHeadLayers = new Option<int?>("--keep-head-layers") { Description = "Hidden layers of the projection head kept on the saved encoder (default: 1 for simclr-v2, else 0)." };
        var cmcGraph = new Option<string>("--cmc-graph") { Description = "CMC objective: core (view 1 against the others) or full (every pair).", DefaultValueFactory = _ => "core" };
        cmcGraph.AcceptOnlyFromAmong("core", "full");
        var cmcViews = new Option<string?>("--cmc-views") { Description = $"CMC channel views, comma-separated, the first the core view ({string.Join(", ", ChannelViews.Names)}); default l,ab (colour) or intensity,sobel (grey)." };
        var training = new TrainingOptionsBinder(VisionTrainingSetup.DefaultTraining("output"), "Images (two views each)");
        var trainLimit = new Option<int?>("--train-limit") { Description = "Use only the first N training images." };

        var train = new Command("train", "Train an image encoder with SimCLR, MoCo v2, BYOL, SimSiam, SupCon, CMC or supervised.")
        {
            method, data, outputDir, encoder, width, augment, jitter, cropScale, imageSize, grayscale, hidden, projection, temperature,
            queue, mocoMomentum, symmetric, tauBase, noEma, noStopGradient, head, keepHeadLayers, cmcGraph, cmcViews, trainLimit,
        };
        foreach (var option in training.All) train.Options.Add(option);
        var hcl = new HclLossOptions("ntxent");
        foreach (var option in hcl.All) train.Options.Add(option);
        train.SetAction(p =>
        {
            OutputPath.Folder(p.GetValue(outputDir)!, "--output-dir");
            var arch = p.GetValue(encoder)!;
            var hclOptions = hcl.Parse(p);
            var methodKind = VisionMethodNames.Parse(p.GetValue(method)!);
            if (hclOptions is not null && methodKind != VisionMethodKind.SimClr)
                throw new ContrastiveException($"--loss hcl is for --method simclr only, not {p.GetValue(method)}.");
            var setup = new VisionTrainingSetup(
                DataPath: p.GetValue(data)!,
                Method: methodKind,
                MethodOptions: new VisionMethodOptions
                {
                    HiddenDim = p.GetValue(hidden), ProjectionDim = p.GetValue(projection), Temperature = p.GetValue(temperature),
                    QueueSize = p.GetValue(queue), MoCoMomentum = p.GetValue(mocoMomentum), Symmetric = p.GetValue(symmetric),
                    ByolBaseMomentum = p.GetValue(tauBase), Ema = !p.GetValue(noEma), StopGradient = !p.GetValue(noStopGradient),
                    HeadLayers = p.GetValue(head) == "simclr-v2" ? 3 : 2,
                    KeptHeadLayers = p.GetValue(keepHeadLayers) ?? (p.GetValue(head) == "simclr-v2" ? 1 : 0),
                    CmcGraph = p.GetValue(cmcGraph) == "full" ? Core.Losses.CmcGraph.Full : Core.Losses.CmcGraph.Core,
                    CmcViews = p.GetValue(cmcViews) is { } views ? ChannelViews.ParseList(views) : null,
                    Hcl = hclOptions,
                },
                Encoder: new ImageEncoderConfig(arch, 1, p.GetValue(width) ?? ImageEncoderConfig.DefaultWidth(arch)).Validate(),
                Augment: p.GetValue(augment)!,
                JitterStrength: p.GetValue(jitter),
                Training: training.Bind(p, p.GetValue(outputDir)!),
                ImageSize: p.GetValue(imageSize),
                Grayscale: p.GetValue(grayscale),
                TrainLimit: p.GetValue(trainLimit),
                CropMinScale: p.GetValue(cropScale));
            var result = training.Run(p, (obs, resuming, ct) => VisionTraining.Run(setup, obs, resuming, ct), new CollapsePlotObserver());
            TrainingSummary.Print(result);
            double seconds = result.Elapsed.TotalSeconds;
            if (seconds > 0)
                AnsiConsole.WriteLine($"throughput {result.Steps * (double)setup.Training.BatchSize / seconds:F1} images/s " +
                                      $"({2 * result.Steps * (double)setup.Training.BatchSize / seconds:F1} views/s, evaluations and checkpoints included)");
            return 0;
        });
        return train;
    }

    static Command Eval()
    {
        var model = new Option<string?>("--model") { Description = "Encoder folder written by 'vision train' (or its output folder: best/ is used)." };
        var rawPixels = new Option<bool>("--raw-pixels") { Description = "Evaluate the raw pixels instead of an encoder (baseline)." };
        var untrained = new Option<string?>("--untrained") { Description = "Evaluate a randomly initialised encoder of this architecture (baseline): small-cnn or resnet18." };
        var width = new Option<int?>("--width") { Description = "Width of the --untrained encoder." };
        var data = new Option<string>("--data") { Description = "Labelled data with a train and a test split (IDX folder or digits CSV).", Required = true };
        var k = new Option<int>("--k") { Description = "Neighbours of the weighted kNN.", DefaultValueFactory = _ => 200 };
        var knnTemperature = new Option<double>("--knn-temperature") { Description = "Temperature of the kNN weights exp(s/T).", DefaultValueFactory = _ => 0.1 };
        var probeSteps = new Option<int>("--probe-steps") { Description = "Full-batch Adam steps of the linear probe.", DefaultValueFactory = _ => 300 };
        var augment = new Option<string>("--augment") { Description = "Augmentations giving the two views for alignment/uniformity (none: skip).", DefaultValueFactory = _ => AugmentationSet.SimClr };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Use only the first N training images." };
        var probeLayer = new Option<int?>("--probe-layer") { Description = "Evaluate after this many hidden layers of the saved projection head (0: backbone; default: the model's kept layers, 1 for SimCLR v2)." };
        var testLimit = new Option<int?>("--test-limit") { Description = "Use only the first N test images." };
        var seed = new Option<long>("--seed") { Description = "Seed of the untrained encoder and of the augmentations.", DefaultValueFactory = _ => 42 };
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON to this file." };
        var eval = new Command("eval", "kNN (k=200, T=0.1) and linear-probe accuracy of frozen features; alignment and uniformity.")
        {
            model, rawPixels, untrained, width, data, k, knnTemperature, probeSteps, augment, trainLimit, testLimit, seed, json, probeLayer,
        };
        eval.SetAction(p =>
        {
            int chosen = (p.GetValue(model) is null ? 0 : 1) + (p.GetValue(rawPixels) ? 1 : 0) + (p.GetValue(untrained) is null ? 0 : 1);
            if (chosen != 1) throw new ContrastiveException("Give exactly one of --model, --raw-pixels and --untrained.");
            if (p.GetValue(json) is { } jsonPath) OutputPath.File(jsonPath, "--json");
            if (p.GetValue(probeLayer) is not null && p.GetValue(model) is null) throw new ContrastiveException("--probe-layer needs --model.");
            var dataPath = p.GetValue(data)!;
            if (!ImageDataLoader.HasTestSplit(dataPath)) throw new ContrastiveException($"{dataPath}: evaluation needs a test split (an IDX folder with t10k files, or a CSV file).");
            using var fullTrain = ImageDataLoader.Load(dataPath, DataSplit.Train);
            using var fullTest = ImageDataLoader.Load(dataPath, DataSplit.Test);
            var train = p.GetValue(trainLimit) is { } tl ? fullTrain.Take(tl) : fullTrain;
            var test = p.GetValue(testLimit) is { } sl ? fullTest.Take(sl) : fullTest;
            using var generator = new Generator((ulong)p.GetValue(seed));

            ImageEncoder? encoder = null;
            string name;
            int size = train.Height;
            if (p.GetValue(model) is { } dir)
            {
                (encoder, var manifest) = VisionModelFolder.Load(dir, p.GetValue(probeLayer));
                name = $"{manifest.Method} {manifest.Encoder.Architecture}{(manifest.ProbeLayer > 0 ? $" + head layer {manifest.ProbeLayer}" : "")} ({dir})";
                size = manifest.ImageSize;
                if (manifest.Encoder.InChannels != train.Channels)
                    throw new ContrastiveException($"{dir}: the encoder takes {manifest.Encoder.InChannels} channel(s), {dataPath} has {train.Channels}.");
            }
            else if (p.GetValue(untrained) is { } arch)
            {
                encoder = new ImageEncoderConfig(arch, train.Channels, p.GetValue(width) ?? ImageEncoderConfig.DefaultWidth(arch)).Validate().Create(generator);
                encoder.eval();
                name = $"untrained {arch}";
            }
            else name = "raw pixels";

            var resize = size == train.Height ? null : new RandomResizedCrop(size, 1, 1, 1, 1);
            Func<Tensor, Tensor>? features = encoder is null ? null
                : resize is null ? encoder.forward : images => encoder.forward(resize.Apply(images, generator));
            var augmentList = p.GetValue(augment)!;
            var views = augmentList.Trim() == "none" ? null : AugmentationSet.Parse(augmentList, train.Height);
            var result = VisionEvaluator.Evaluate(features, name, train, test, p.GetValue(k), p.GetValue(knnTemperature),
                                                  new LinearProbeOptions { Steps = p.GetValue(probeSteps) }, views, generator);
            AnsiConsole.WriteLine($"{result.Features}: {result.FeatureDim}-d features, {result.TrainImages:N0} train / {result.TestImages:N0} test images");
            AnsiConsole.WriteLine($"kNN (k={result.KnnK}, T={result.KnnTemperature}) accuracy {100 * result.KnnAccuracy:F2}%");
            AnsiConsole.WriteLine($"linear probe accuracy {100 * result.LinearProbeAccuracy:F2}% (train {100 * result.LinearProbeTrainAccuracy:F2}%)");
            if (result.Alignment is { } a && result.Uniformity is { } u) AnsiConsole.WriteLine($"alignment {a:F4}  uniformity {u:F4}");
            AnsiConsole.WriteLine($"evaluated in {result.Seconds:F1} s");
            if (p.GetValue(json) is { } path) AtomicFile.WriteAllText(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        });
        return eval;
    }

    /// <summary>The output folder and trainer options of <c>vision finetune</c> and <c>vision distill</c>: the image methods'
    /// defaults (<see cref="VisionTrainingSetup.DefaultTraining"/>: AdamW, cosine schedule, no clipping, whole batches)
    /// with a batch of 128, 10 warm-up steps and the command's epochs.</summary>
    static (Option<string> OutputDir, TrainingOptionsBinder Training) TrainerOptions(Command command, int epochs)
    {
        var outputDir = new Option<string>("--output-dir") { Description = "Where checkpoints, best/ and final/ models and the training log go.", Required = true };
        var training = new TrainingOptionsBinder(VisionTrainingSetup.DefaultTraining("output") with { BatchSize = 128, WarmupSteps = 10, Epochs = epochs }, "Images");
        command.Options.Add(outputDir);
        foreach (var option in training.All) command.Options.Add(option);
        return (outputDir, training);
    }

    static Command FineTune()
    {
        var model = new Option<string>("--model") { Description = "Encoder folder written by 'vision train' (or its output folder: best/ is used).", Required = true };
        var data = new Option<string>("--data") { Description = "Labelled data (IDX folder, digits CSV or image folder); its test split gives the accuracy.", Required = true };
        var fraction = new Option<double>("--label-fraction") { Description = "Fraction of the training labels used, per class, seeded (SimCLR v2: 0.01, 0.1, 1).", DefaultValueFactory = _ => 1.0 };
        var headLayers = new Option<int?>("--head-layers") { Description = "Hidden layers of the saved projection head kept under the classifier: 0 = from the encoder output, 1 = SimCLR v2's first head layer (default: the model's own)." };
        var augment = new Option<string>("--augment") { Description = $"Augmentations of the labelled images ({string.Join(", ", AugmentationSet.Names)}) or none.", DefaultValueFactory = _ => "crop,flip" };
        var testLimit = new Option<int?>("--test-limit") { Description = "Measure the final accuracy on the first N test images." };
        var json = new Option<string?>("--json") { Description = "Also write the result (labelled images, test accuracy, steps, time) as JSON to this file." };
        var command = new Command("finetune", "Fine-tune a trained encoder with a linear classifier on a fraction of the labels (SimCLR v2 step 2), from the encoder or from the first projection-head layer.")
        {
            model, data, fraction, headLayers, augment, testLimit, json,
        };
        var (outputDir, trainer) = TrainerOptions(command, epochs: 10);
        command.SetAction(p =>
        {
            OutputPath.Folder(p.GetValue(outputDir)!, "--output-dir");
            var setup = new FineTuningSetup(p.GetValue(model)!, p.GetValue(data)!, trainer.Bind(p, p.GetValue(outputDir)!), p.GetValue(fraction), p.GetValue(headLayers),
                                            p.GetValue(augment)!, TestLimit: p.GetValue(testLimit));
            var result = trainer.Run(p, (obs, resuming, ct) => VisionFineTuning.Run(setup, obs, resuming, ct));
            TrainingSummary.Print(result.Training);
            AnsiConsole.WriteLine($"fine-tuned on {result.LabelledImages:N0} labelled images from {(result.HeadLayers == 0 ? "the encoder output" : $"head layer {result.HeadLayers}")} ({result.FeatureDim}-d)");
            if (result.TestAccuracy is { } accuracy) AnsiConsole.WriteLine($"test accuracy {100 * accuracy:F2}% on {result.TestImages:N0} images");
            if (p.GetValue(json) is { } path)
                AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["model"] = setup.ModelDir, ["label_fraction"] = setup.LabelFraction, ["labelled_images"] = result.LabelledImages,
                    ["head_layers"] = result.HeadLayers, ["feature_dim"] = result.FeatureDim, ["test_accuracy"] = result.TestAccuracy,
                    ["test_images"] = result.TestImages, ["steps"] = result.Training.Steps, ["seconds"] = result.Training.Elapsed.TotalSeconds,
                }, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        });
        return command;
    }

    static Command Distill()
    {
        var teacher = new Option<string>("--teacher") { Description = "The teacher's model folder (from 'vision train' or 'vision finetune'; an output folder's best/).", Required = true };
        var data = new Option<string>("--data") { Description = "Images to distil on (labels unused for training; used by the monitor if present).", Required = true };
        var studentArch = new Option<string>("--student-arch") { Description = "The student's backbone: small-cnn or resnet18.", DefaultValueFactory = _ => ImageEncoderConfig.SmallCnnName };
        var studentWidth = new Option<int?>("--student-width") { Description = "The student's base width (default 32 for small-cnn, 64 for resnet18)." };
        var loss = new Option<string>("--loss") { Description = $"Distillation loss: {string.Join(", ", Core.Losses.DistillationLossKindNames.All)} (kl-predictions needs a teacher with a classifier).", DefaultValueFactory = _ => "kl-predictions" };
        var temperature = new Option<double?>("--temperature") { Description = "Temperature of the KL losses (default: 1 for kl-predictions, as SimCLR v2; 0.1 for kl-similarity)." };
        var augment = new Option<string>("--augment") { Description = $"Augmentations of the view both networks see ({string.Join(", ", AugmentationSet.Names)}) or none.", DefaultValueFactory = _ => "crop,flip" };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Use only the first N training images." };
        var command = new Command("distill", "Distil a trained image encoder (teacher) into a student on unlabeled images (SimCLR v2 step 3): KL of softened predictions, MSE or similarity KL of embeddings.")
        {
            teacher, data, studentArch, studentWidth, loss, temperature, augment, trainLimit,
        };
        var (outputDir, trainer) = TrainerOptions(command, epochs: 1);
        command.SetAction(p =>
        {
            OutputPath.Folder(p.GetValue(outputDir)!, "--output-dir");
            var arch = p.GetValue(studentArch)!;
            var setup = new VisionDistillationSetup(
                TeacherDir: p.GetValue(teacher)!,
                DataPath: p.GetValue(data)!,
                Student: new ImageEncoderConfig(arch, 1, p.GetValue(studentWidth) ?? ImageEncoderConfig.DefaultWidth(arch)).Validate(),
                Loss: Core.Losses.DistillationLossKindNames.Parse(p.GetValue(loss)!),
                Training: trainer.Bind(p, p.GetValue(outputDir)!),
                Temperature: p.GetValue(temperature),
                Augment: p.GetValue(augment)!,
                TrainLimit: p.GetValue(trainLimit));
            var result = trainer.Run(p, (obs, resuming, ct) => VisionDistillation.Run(setup, obs, resuming, ct));
            TrainingSummary.Print(result);
            if (result.Evaluations.Count > 0)
                AnsiConsole.WriteLine($"teacher agreement at the end {100 * result.Evaluations[^1].Metrics[VisionDistillation.AgreementMetric]:F2}%");
            return 0;
        });
        return command;
    }

    static Command PreviewCommand()
    {
        var data = new Option<string>("--data") { Description = "Data to take the image from (IDX folder, digits CSV or image folder).", Required = true };
        var output = new Option<string>("--out") { Description = "PNG file to write.", Required = true };
        var index = new Option<int>("--index") { Description = "Which training image.", DefaultValueFactory = _ => 0 };
        var samples = new Option<int>("--samples") { Description = "Random draws per augmentation.", DefaultValueFactory = _ => 6 };
        var imageSize = new Option<int>("--image-size") { Description = "Side of image-folder images.", DefaultValueFactory = _ => 64 };
        var seed = new Option<long>("--seed") { Description = "Seed of the augmentations.", DefaultValueFactory = _ => 42 };
        var preview = new Command("preview", "Write a PNG grid of one image under each of SimCLR's ten augmentations (SimCLR Figure 4).")
        {
            data, output, index, samples, imageSize, seed,
        };
        preview.SetAction(p =>
        {
            OutputPath.File(p.GetValue(output)!, "--out");
            using var dataset = ImageDataLoader.Load(p.GetValue(data)!, DataSplit.Train, p.GetValue(imageSize));
            int i = p.GetValue(index);
            if (i < 0 || i >= dataset.Count) throw new ContrastiveException($"--index {i} is outside the {dataset.Count} images of {dataset.Source}.");
            using var generator = new Generator((ulong)p.GetValue(seed));
            using var image = dataset.Images[i];
            var outPath = p.GetValue(output)!;
            AugmentationGrid.Save(outPath, image, AugmentationGrid.FigureFour(dataset.Height), p.GetValue(samples), generator);
            AnsiConsole.WriteLine($"wrote {outPath}");
            return 0;
        });
        return preview;
    }
}
