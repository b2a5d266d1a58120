namespace Contrastive.Core.Training;

/// <summary>Progress after one optimizer step, for <see cref="ITrainingObserver.OnStep"/>.</summary>
/// <param name="Step">Steps completed (1-based number of the step just taken).</param>
/// <param name="TotalSteps">Planned steps (epochs or max steps; a time budget may stop earlier).</param>
/// <param name="Epoch">Fractional epochs completed, as Hugging Face logs them (step / steps per epoch).</param>
/// <param name="Loss">The loss of this step's batch.</param>
/// <param name="LearningRate">The learning rate this step used.</param>
/// <param name="StepsPerSecond">Steps per second in this run (since the start or the resume).</param>
/// <param name="Elapsed">Training time, counted across resumes.</param>
/// <param name="Eta">Estimated time left (to the planned end or the time budget, whichever is first).</param>
public sealed record TrainingStatus(int Step, int TotalSteps, double Epoch, double Loss, double LearningRate,
                                    double StepsPerSecond, TimeSpan Elapsed, TimeSpan Eta);
