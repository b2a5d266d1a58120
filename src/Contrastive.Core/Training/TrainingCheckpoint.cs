using Contrastive.Core.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Core.Training;

/// <summary>
/// The resumable checkpoint folder: <c>model.safetensors</c> (the model's state dict under its PyTorch names),
/// <c>optimizer.bin</c> (TorchSharp's AdamW state: per parameter step, exp_avg, exp_avg_sq) and
/// <c>trainer_state.json</c> (<see cref="TrainerState"/>, including the global RNG state). The folder is replaced
/// atomically (<see cref="AtomicDirectory"/>), so a kill at any moment leaves a complete checkpoint.
/// </summary>
public static class TrainingCheckpoint
{
    public const string ModelFile = "model.safetensors";
    public const string OptimizerFile = "optimizer.bin";

    /// <summary>Writes the checkpoint of <paramref name="model"/>, <paramref name="optimizer"/> and
    /// <paramref name="state"/> into <paramref name="directory"/>, replacing it atomically. The caller fills
    /// <see cref="TrainerState.RngState"/>.</summary>
    public static void Save(string directory, nn.Module model, OptimizerHelper optimizer, TrainerState state)
    {
        AtomicDirectory.Replace(directory, tmp =>
        {
            SafeTensors.Save(Path.Combine(tmp, ModelFile), model.state_dict());
            optimizer.save_state_dict(Path.Combine(tmp, OptimizerFile));
            AtomicFile.WriteAllText(Path.Combine(tmp, TrainerState.FileName), state.ToJson());
        });
    }

    /// <summary>Reads the trainer state of the checkpoint in <paramref name="directory"/> (after recovering from a
    /// crash between the folder renames).</summary>
    public static TrainerState LoadState(string directory)
    {
        AtomicDirectory.Recover(directory);
        return TrainerState.Load(Path.Combine(directory, TrainerState.FileName));
    }

    /// <summary>Copies the weights of the checkpoint into <paramref name="model"/>. The names, shapes and dtypes must
    /// match the model's state dict exactly; otherwise a <see cref="ContrastiveException"/> names the file and tensor.</summary>
    public static void LoadModel(string directory, nn.Module model) => LoadWeights(Path.Combine(directory, ModelFile), model);

    /// <summary>Copies the tensors of the safetensors file <paramref name="path"/> into <paramref name="model"/>'s
    /// state dict, with the same exact-match rules as <see cref="LoadModel"/>.</summary>
    public static void LoadWeights(string path, nn.Module model)
    {
        var loaded = SafeTensors.Load(path);
        try
        {
            var target = model.state_dict();
            foreach (var name in loaded.Keys)
                if (!target.ContainsKey(name)) throw new ContrastiveException($"{path}: tensor '{name}' is not in the model.");
            using var _ = torch.no_grad();
            foreach (var (name, tensor) in target)
            {
                if (!loaded.TryGetValue(name, out var source)) throw new ContrastiveException($"{path}: tensor '{name}' of the model is missing.");
                if (source.dtype != tensor.dtype || !source.shape.SequenceEqual(tensor.shape))
                    throw new ContrastiveException(
                        $"{path}: tensor '{name}' is {source.dtype} [{string.Join(", ", source.shape)}], the model's is {tensor.dtype} [{string.Join(", ", tensor.shape)}].");
                tensor.copy_(source);
            }
        }
        finally
        {
            foreach (var t in loaded.Values) t.Dispose();
        }
    }

    /// <summary>Loads the optimizer state of the checkpoint into <paramref name="optimizer"/>, which must have been
    /// built over the same parameters.</summary>
    public static void LoadOptimizer(string directory, OptimizerHelper optimizer)
    {
        var path = Path.Combine(directory, OptimizerFile);
        if (!File.Exists(path)) throw new ContrastiveException($"{path}: file not found.");
        try
        {
            optimizer.load_state_dict(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ContrastiveException($"{path}: not a valid optimizer state for this model: {e.Message}", e);
        }
    }
}
