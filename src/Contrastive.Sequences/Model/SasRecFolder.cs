using Contrastive.Core;
using Contrastive.Core.Serialization;
using Contrastive.Core.Training;
using Contrastive.Sequences.Data;

namespace Contrastive.Sequences.Model;

/// <summary>
/// A trained sequential recommender on disk: <c>config.json</c> (<see cref="SasRecConfig"/>, RecBole's names),
/// <c>model.safetensors</c> (the <see cref="SasRec"/> state dict under RecBole's parameter names) and
/// <c>items.txt</c> (<see cref="ItemVocabulary"/>: line i is item i's id as written in the data).
/// </summary>
public static class SasRecFolder
{
    public const string WeightsFile = TrainingCheckpoint.ModelFile;

    public static void Save(string directory, SasRec model, ItemVocabulary items)
    {
        Directory.CreateDirectory(directory);
        model.Config.Save(directory);
        items.Save(directory);
        SafeTensors.Save(Path.Combine(directory, WeightsFile), model.state_dict());
    }

    /// <summary>Loads the model (in eval mode) and its items; a missing or inconsistent file is a
    /// <see cref="ContrastiveException"/> naming it.</summary>
    public static (SasRec Model, ItemVocabulary Items) Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new ContrastiveException($"{directory}: model folder not found.");
        var config = SasRecConfig.Load(directory);
        var items = ItemVocabulary.Load(directory);
        if (items.Count != config.NumItems)
            throw new ContrastiveException($"{Path.Combine(directory, ItemVocabulary.FileName)}: {items.Count} items, but {SasRecConfig.FileName} says n_items = {config.NumItems}.");
        var model = new SasRec(config);
        TrainingCheckpoint.LoadModel(directory, model);
        model.eval();
        return (model, items);
    }
}
