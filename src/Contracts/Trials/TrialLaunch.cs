using Certsweep.Contracts.Cluster;

namespace Certsweep.Contracts.Trials;

/// <summary>A coordinator's order to run attempt <see cref="Attempt"/> of a trial in device slot <see cref="Slot"/>.
/// The counters carry the coordinator's view so the trial's status stays whole across silos.</summary>
[GenerateSerializer, Immutable]
public sealed record TrialLaunch(
    [property: Id(0)] string SweepId,
    [property: Id(1)] int Number,
    [property: Id(2)] TrialConfig Config,
    [property: Id(3)] int Attempt,
    [property: Id(4)] DeviceSlot Slot,
    [property: Id(5)] int Failures,
    [property: Id(6)] int Preemptions);
