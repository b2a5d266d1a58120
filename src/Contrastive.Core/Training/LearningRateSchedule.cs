namespace Contrastive.Core.Training;

/// <summary>The shape of the learning rate after warm-up (see <see cref="ILearningRateSchedule"/>).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<LearningRateSchedule>))]
public enum LearningRateSchedule
{
    /// <summary>Linear decay to 0 (<see cref="LinearSchedule"/>; Hugging Face's default, used by SimCSE).</summary>
    Linear,

    /// <summary>Half-cosine decay to 0 (<see cref="CosineSchedule"/>; SimCLR, MoCo v2, BYOL, SimSiam).</summary>
    Cosine,
}
