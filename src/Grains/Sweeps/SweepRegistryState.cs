namespace Certsweep.Grains.Sweeps;

[GenerateSerializer]
public sealed class SweepRegistryState
{
    [Id(0)] public List<SweepRegistryEntry> Sweeps { get; set; } = new();
}

[GenerateSerializer, Immutable]
public sealed record SweepRegistryEntry(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string? Name,
    [property: Id(2)] DateTimeOffset SubmittedAt,
    [property: Id(3)] bool Finished);
