namespace Certsweep.Hyperparameters.Catalog;

/// <summary>A model of the zoo as the spec checks see it: its name, what it is, and the smallest square input side it
/// can be built for, whether it has BatchNorm layers (<c>bn</c> means something only then) and the first layer without a
/// CROWN rule (null: every layer has one, so <c>bound: crown-ibp</c> and <c>final_certify: crown</c> can run). A test builds
/// every model to keep these true.</summary>
public sealed record ModelFacts(string Name, string Doc, int MinSide, bool HasBatchNorm = true, string? LayerWithoutCrownRule = null)
{
    public bool Fits(DatasetFacts dataset) => dataset.Side >= MinSide;
}
