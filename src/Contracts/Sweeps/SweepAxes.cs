namespace Certsweep.Contracts.Sweeps;

/// <summary>What varies between a sweep's trials. Every axis is a list of values (grid search takes their
/// product) or, for numeric axes under random search, a distribution to sample from.</summary>
[GenerateSerializer, Immutable]
public sealed record SweepAxes
{
    [Id(0)] public NumberAxis Lambda { get; init; } = NumberAxis.Of(0.5);

    [Id(1)] public WarmupAxis Warmup { get; init; } = WarmupAxis.Of(new WarmupSetting(20));

    [Id(2)] public IReadOnlyList<string> Model { get; init; } = new[] { KnownModels.Cnn };

    [Id(3)] public IReadOnlyList<MethodKind> Method { get; init; } = new[] { MethodKind.Fast };

    [Id(4)] public IReadOnlyList<int> Seed { get; init; } = new[] { 1 };
}
