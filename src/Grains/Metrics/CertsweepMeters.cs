using Certsweep.Training;

namespace Certsweep.Grains.Metrics;

/// <summary>The meters certsweep's own metrics come from (docs/metrics.md lists every instrument).</summary>
public static class CertsweepMeters
{
    /// <summary>Trials, sweeps and the silo's devices (<see cref="TrialMetrics"/>, <see cref="SweepMetrics"/>, <see cref="SiloMetrics"/>).</summary>
    public const string Cluster = "Certsweep.Cluster";

    /// <summary>Every certsweep meter, for a metrics exporter to listen to.</summary>
    public static IReadOnlyList<string> All { get; } = [Cluster, TrainingMeter.Name];
}
