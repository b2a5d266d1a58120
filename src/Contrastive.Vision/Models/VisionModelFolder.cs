using System.Text.Json;
using Contrastive.Core;
using Contrastive.Core.Heads;
using Contrastive.Core.Serialization;
using Contrastive.Core.Training;
using Contrastive.Vision.Data;
using Contrastive.Vision.Encoders;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Vision.Models;

/// <summary>
/// A trained image encoder on disk: <c>model.safetensors</c> (the backbone's state dict, torchvision names),
/// <c>vision_model.json</c> (<see cref="VisionModelManifest"/>) and, for methods with a projection head,
/// <c>projection_head.safetensors</c> (the whole head, so that its first layers can be kept: SimCLR v2) and, for models
/// with a classifier, <c>classifier.safetensors</c>.
/// Written by every vision method's SaveModel, read by <c>contrastive vision eval</c>. A training output folder is
/// accepted too (its <c>best/</c> model is read).
/// </summary>
public static class VisionModelFolder
{
    public const string ManifestFile = "vision_model.json";
    public const string ModelFile = TrainingCheckpoint.ModelFile;   // TrainingCheckpoint.LoadModel reads it
    public const string HeadFile = "projection_head.safetensors";
    public const string ClassifierFile = "classifier.safetensors";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes an encoder and what it carries.</summary>
    /// <param name="encoder">The backbone, or a <see cref="HeadLayerEncoder"/> (backbone + kept head layers: its backbone,
    /// head and kept layers are written, <paramref name="head"/> and <paramref name="probeLayer"/> must then be null / 0).</param>
    /// <param name="method">The training method's name, for the manifest.</param>
    /// <param name="head">The whole projection head, or null.</param>
    /// <param name="probeLayer">Hidden layers of <paramref name="head"/> applied when the model is loaded.</param>
    /// <param name="classifier">A linear classifier on the loaded encoder's features, or null.</param>
    public static void Save(string directory, ImageEncoder encoder, string method, int imageSize, MlpHead? head = null,
                            int probeLayer = 0, Linear? classifier = null)
    {
        if (encoder is HeadLayerEncoder kept)
        {
            if (head is not null || probeLayer != 0)
                throw new ArgumentException("A backbone with kept head layers carries its own head.", nameof(head));
            (encoder, head, probeLayer) = (kept.Backbone, kept.Head, kept.Layers);
        }
        var manifest = new VisionModelManifest(method, encoder.Config, imageSize)
        {
            ProjectionHead = head is null ? null : VisionHeadManifest.From(head.Options),
            ProbeLayer = probeLayer,
            CmcViews = encoder is CmcEncoder cmc ? cmc.ChannelViewList.Select(v => v.ToName()).ToArray() : null,
            Classifier = classifier is null ? null : new VisionClassifierManifest((int)classifier.weight!.shape[1], (int)classifier.weight.shape[0]),
        };
        Directory.CreateDirectory(directory);
        SafeTensors.Save(Path.Combine(directory, ModelFile), encoder.state_dict());
        if (head is not null) SafeTensors.Save(Path.Combine(directory, HeadFile), head.state_dict());
        if (classifier is not null) SafeTensors.Save(Path.Combine(directory, ClassifierFile), classifier.state_dict());
        AtomicFile.WriteAllText(Path.Combine(directory, ManifestFile), JsonSerializer.Serialize(manifest, Json));
    }

    /// <summary>The encoder of a model folder with its classifier (the encoder as the manifest keeps it, in eval mode).</summary>
    public static (ImageEncoder Encoder, Linear Classifier, VisionModelManifest Manifest) LoadClassifier(string directory)
    {
        var (encoder, manifest) = Load(directory);
        directory = Resolve(directory);
        var path = Path.Combine(directory, ClassifierFile);
        if (manifest.Classifier is not { } c || !File.Exists(path))
            throw new ContrastiveException($"{directory}: the model has no classifier ({ClassifierFile}); fine-tune it on labels first ('contrastive vision finetune').");
        if (c.InputDim != encoder.FeatureDim)
            throw new ContrastiveException($"{directory}: the classifier takes {c.InputDim}-d features, the encoder gives {encoder.FeatureDim}-d.");
        var classifier = nn.Linear(c.InputDim, c.Classes);
        TrainingCheckpoint.LoadWeights(path, classifier);
        classifier.eval();
        return (encoder, classifier, manifest);
    }

    /// <summary>The encoder of a model folder, in eval mode.</summary>
    /// <param name="probeLayer">Hidden layers of the saved projection head to apply after the backbone (0: the backbone's
    /// features); null: the manifest's <see cref="VisionModelManifest.ProbeLayer"/>.</param>
    public static (ImageEncoder Encoder, VisionModelManifest Manifest) Load(string directory, int? probeLayer = null)
    {
        directory = Resolve(directory);
        var path = Path.Combine(directory, ManifestFile);
        if (!File.Exists(path)) throw new ContrastiveException($"{path}: file not found; --model must be a folder written by 'contrastive vision train'.");
        VisionModelManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<VisionModelManifest>(File.ReadAllText(path))
                       ?? throw new ContrastiveException($"{path}: empty manifest.");
        }
        catch (JsonException e)
        {
            throw new ContrastiveException($"{path}: not a valid vision model manifest ({e.Message}).", e);
        }
        if (manifest.Encoder is null) throw new ContrastiveException($"{path}: the manifest has no encoder.");
        ImageEncoder encoder = manifest.CmcViews is { } views
            ? new CmcEncoder(manifest.Encoder, views.Select(ChannelViews.Parse).ToArray(), null)
            : manifest.Encoder.Create(null);
        TrainingCheckpoint.LoadModel(directory, encoder);
        int layers = probeLayer ?? manifest.ProbeLayer;
        if (layers != 0)
        {
            if (manifest.ProjectionHead is null || !File.Exists(Path.Combine(directory, HeadFile)))
                throw new ContrastiveException($"{directory}: probe layer {layers} needs the projection head, but the folder has no {HeadFile}.");
            var options = manifest.ProjectionHead.ToOptions();
            if (layers < 0 || layers > options.HiddenLayers)
                throw new ContrastiveException($"{directory}: probe layer {layers} is outside the saved head's 0..{options.HiddenLayers} hidden layers.");
            var head = new MlpHead(options);
            TrainingCheckpoint.LoadWeights(Path.Combine(directory, HeadFile), head);
            encoder = new HeadLayerEncoder(encoder, head, layers);
        }
        encoder.eval();
        return (encoder, manifest with { ProbeLayer = layers });
    }

    /// <summary>Refuses <paramref name="data"/> whose channels or side differ from what the model in
    /// <paramref name="directory"/> was trained on.</summary>
    public static void RequireCompatible(string directory, VisionModelManifest manifest, ImageDataset data)
    {
        if (manifest.Encoder.InChannels != data.Channels)
            throw new ContrastiveException($"{directory}: the encoder takes {manifest.Encoder.InChannels} channel(s), {data.Source} has {data.Channels}.");
        if (manifest.ImageSize != data.Height || manifest.ImageSize != data.Width)
            throw new ContrastiveException($"{directory}: the encoder was trained on {manifest.ImageSize}x{manifest.ImageSize} images, {data.Source} has {data.Height}x{data.Width}.");
    }

    /// <summary>The folder itself, or its <c>best/</c> model when it is a training output folder.</summary>
    static string Resolve(string directory) =>
        !File.Exists(Path.Combine(directory, ManifestFile)) && File.Exists(Path.Combine(directory, "best", ManifestFile))
            ? Path.Combine(directory, "best")
            : directory;
}
