namespace Certsweep.Grains.Sweeps.Scheduling;

/// <summary>A stopping rule's verdict on a trial: stop it after <paramref name="Epoch"/>, at
/// <paramref name="Rung"/> (from 1; null for rules without rungs), for <paramref name="Reason"/>. Rules return null to
/// let a trial continue.</summary>
public sealed record StopDecision(int Epoch, int? Rung, string Reason);
