using System.Text.Json;
using Contrastive.Core;
using Contrastive.Core.Serialization;
using Contrastive.Core.Training;
using Contrastive.Vision.Encoders;

namespace Contrastive.Vision.Models;

/// <summary>
/// A trained image encoder on disk: <c>model.safetensors</c> (the backbone's state dict, torchvision names) and
/// <c>vision_model.json</c> (<see cref="VisionModelManifest"/>). Written by every vision method's SaveModel, read by
/// <c>contrastive vision eval</c>. A training output folder is accepted too (its <c>best/</c> model is read).
/// </summary>
public static class VisionModelFolder
{
    public const string ManifestFile = "vision_model.json";
    public const string ModelFile = TrainingCheckpoint.ModelFile;   // TrainingCheckpoint.LoadModel reads it

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Save(string directory, ImageEncoder encoder, VisionModelManifest manifest)
    {
        Directory.CreateDirectory(directory);
        SafeTensors.Save(Path.Combine(directory, ModelFile), encoder.state_dict());
        AtomicFile.WriteAllText(Path.Combine(directory, ManifestFile), JsonSerializer.Serialize(manifest, Json));
    }

    public static (ImageEncoder Encoder, VisionModelManifest Manifest) Load(string directory)
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
        var encoder = manifest.Encoder.Create(null);
        TrainingCheckpoint.LoadModel(directory, encoder);
        encoder.eval();
        return (encoder, manifest);
    }
}
