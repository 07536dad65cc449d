namespace Certsweep.Training.Loop;

/// <summary>The epoch with the lowest test verified error among epochs at full eps.</summary>
public sealed record BestResult(int Epoch, double CleanError, double VerifiedError);
