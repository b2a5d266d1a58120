using System.Text.Json;
using Contrastive.Core;
using Contrastive.Core.Heads;
using Contrastive.Core.Serialization;
using Contrastive.Core.Training;
using Contrastive.Vision.Encoders;

namespace Contrastive.Vision.Models;

/// <summary>
/// A trained image encoder on disk: <c>model.safetensors</c> (the backbone's state dict, torchvision names),
/// <c>vision_model.json</c> (<see cref="VisionModelManifest"/>) and, for methods with a projection head,
/// <c>projection_head.safetensors</c> (the whole head, so that its first layers can be kept: SimCLR v2).
/// Written by every vision method's SaveModel, read by <c>contrastive vision eval</c>. A training output folder is
/// accepted too (its <c>best/</c> model is read).
/// </summary>
public static class VisionModelFolder
{
    public const string ManifestFile = "vision_model.json";
    public const string ModelFile = TrainingCheckpoint.ModelFile;   // TrainingCheckpoint.LoadModel reads it
    public const string HeadFile = "projection_head.safetensors";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Save(string directory, ImageEncoder encoder, VisionModelManifest manifest, MlpHead? head = null)
    {
        Directory.CreateDirectory(directory);
        SafeTensors.Save(Path.Combine(directory, ModelFile), encoder.state_dict());
        if (head is not null) SafeTensors.Save(Path.Combine(directory, HeadFile), head.state_dict());
        AtomicFile.WriteAllText(Path.Combine(directory, ManifestFile), JsonSerializer.Serialize(manifest, Json));
    }

    /// <summary>The encoder of a model folder, in eval mode.</summary>
    /// <param name="probeLayer">Hidden layers of the saved projection head to apply after the backbone (0: the backbone's
    /// features); null: the manifest's <see cref="VisionModelManifest.ProbeLayer"/>.</param>
    public static (ImageEncoder Encoder, VisionModelManifest Manifest) Load(string directory, int? probeLayer = null)
    {
        if (!File.Exists(Path.Combine(directory, ManifestFile)) && File.Exists(Path.Combine(directory, "best", ManifestFile)))
            directory = Path.Combine(directory, "best");
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
}
