namespace Certsweep.Training.Loop;

/// <summary>The epoch with the lowest verified error among epochs at full eps, on the selection split (the validation
/// split when the trial has one, else the test set), with that split's errors.</summary>
public sealed record BestResult(int Epoch, double CleanError, double VerifiedError);
