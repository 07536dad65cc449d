using System.Diagnostics.Metrics;

namespace Certsweep.Training;

/// <summary>
/// The trainer's own measurements, as plain System.Diagnostics.Metrics instruments: whoever hosts the trainer
/// decides whether to export them (the silo does, under <see cref="Name"/>; docs/metrics.md lists them).
/// </summary>
public static class TrainingMeter
{
    public const string Name = "Certsweep.Training";

    private static readonly Meter Meter = new(Name);

    /// <summary>Seconds to write one checkpoint file: serialize, flush to disk, rename over the old one.</summary>
    internal static readonly Histogram<double> CheckpointWriteDuration = Meter.CreateHistogram(
        "certsweep_checkpoint_write_duration_seconds", "s", "Time to write one training checkpoint (serialize, flush to disk, rename).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
}
