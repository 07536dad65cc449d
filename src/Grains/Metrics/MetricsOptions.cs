namespace Certsweep.Grains.Metrics;

/// <summary>How long the series of a finished trial or sweep stay exported, so that the last scrapes see how it
/// ended, before they disappear (keeping the number of series bounded on a long-lived silo).</summary>
public sealed record MetricsOptions(TimeSpan FinishedGrace)
{
    public static readonly TimeSpan DefaultFinishedGrace = TimeSpan.FromMinutes(5);

    public static MetricsOptions Default { get; } = new(DefaultFinishedGrace);
}
