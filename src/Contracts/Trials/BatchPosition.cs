namespace Certsweep.Contracts.Trials;

/// <summary>A point in a trial's training: <see cref="Batch"/> batches of epoch <see cref="Epoch"/> done (both from 1).</summary>
[GenerateSerializer, Immutable]
public sealed record BatchPosition(
    [property: Id(0)] int Epoch,
    [property: Id(1)] int Batch,
    [property: Id(2)] int BatchesPerEpoch)
{
    /// <summary>Training batches done since the start of the trial.</summary>
    public long Global => (long)(Epoch - 1) * BatchesPerEpoch + Batch;
}
