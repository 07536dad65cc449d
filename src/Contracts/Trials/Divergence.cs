namespace Certsweep.Contracts.Trials;

/// <summary>Where a trial's loss became NaN or infinite: the epoch and batch (from 1) and the loss term that went bad.</summary>
[GenerateSerializer, Immutable]
public sealed record Divergence(
    [property: Id(0)] int Epoch,
    [property: Id(1)] int Batch,
    [property: Id(2)] string Term,
    [property: Id(3)] double Value)
{
    public override string ToString() => $"{Term} became {Value} at epoch {Epoch}, batch {Batch}";
}
