namespace Contrastive.Core.Tests.Training;

/// <summary>Thrown by an observer to stop a run abruptly, as a kill would (nothing is saved on the way out).</summary>
public sealed class SimulatedKill : Exception;
