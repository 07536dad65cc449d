using Certsweep.Contracts.Cluster;
using Certsweep.Hyperparameters;

namespace Certsweep.Contracts.Trials;

/// <summary>A coordinator's order to run attempt <see cref="Attempt"/> of a trial in device slot <see cref="Slot"/>.
/// The counters carry the coordinator's view so the trial's status stays whole across silos; <see cref="Axes"/> are
/// the values that tell the trial apart in its sweep's tables. <see cref="AwaitsVerdicts"/>: the sweep has a scheduler,
/// so after each epoch the trial waits (bounded) for the coordinator's answer to its report before it trains on
/// (docs/architecture.md, "Stopping at the rung").</summary>
[GenerateSerializer, Immutable]
public sealed record TrialLaunch(
    [property: Id(0)] string SweepId,
    [property: Id(1)] int Number,
    [property: Id(2)] TrialConfig Config,
    [property: Id(3)] int Attempt,
    [property: Id(4)] DeviceSlot Slot,
    [property: Id(5)] int Failures,
    [property: Id(6)] int Preemptions,
    [property: Id(7)] ParameterSet Axes,
    [property: Id(8)] bool AwaitsVerdicts);
