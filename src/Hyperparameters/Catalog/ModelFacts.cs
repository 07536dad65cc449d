namespace Certsweep.Hyperparameters.Catalog;

/// <summary>A model of the zoo as the spec checks see it: its name, what it is, and the smallest square input side it
/// can be built for. A test builds every model to keep these true.</summary>
public sealed record ModelFacts(string Name, string Doc, int MinSide)
{
    public bool Fits(DatasetFacts dataset) => dataset.Side >= MinSide;
}
