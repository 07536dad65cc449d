using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Catalog;
using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Catalog;

/// <summary>Sweep specs are validated against Contracts' name lists without loading the trainer; these
/// tests keep those lists equal to what the trainer can actually build and load.</summary>
public sealed class CatalogNamesTests
{
    [Fact]
    public void ModelZooDefinesExactlyTheKnownModels() =>
        Assert.Equal(KnownModels.Names.Order(StringComparer.Ordinal), ModelZoo.Names.Order(StringComparer.Ordinal));

    [Fact]
    public void DatasetCatalogDefinesExactlyTheKnownDatasets() =>
        Assert.Equal(KnownDatasets.Names.Order(StringComparer.Ordinal), DatasetCatalog.Names.Order(StringComparer.Ordinal));

    [Fact]
    public void TheBnChoicesAreExactlyTheBatchNormVariants() =>
        Assert.Equal(BatchNormVariant.Names.Order(StringComparer.Ordinal), Parameters.BatchNorm.Choices.Select(c => c.Name).Order(StringComparer.Ordinal));

    [Fact]
    public void TheBoundChoicesAreBoundKindsTheTrainerCanTrainOn() =>
        Assert.All(Parameters.Bound.Choices, c => Assert.Contains(BoundKinds.Parse(c.Name), new[] { BoundKind.Ibp, BoundKind.CrownIbp }));

    /// <summary>The facts the trial rules read: a model has BatchNorm layers exactly when its facts say so, and every
    /// model whose facts name no layer without a CROWN rule gets CROWN-IBP margins (on a tiny input).</summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void ModelFactsSayWhetherAModelHasBatchNormAndCrownRules(string model)
    {
        using var scope = NewDisposeScope();
        var facts = KnownModels.Get(model);
        using var network = ModelZoo.Create(model, new ImageShape(3, 2), 10);
        Assert.Equal(facts.HasBatchNorm, network.modules().OfType<BatchNormLayer>().Any());
        Assert.Null(facts.LayerWithoutCrownRule);
        network.eval();
        var images = rand(2, 3, 2, 2);
        var labels = tensor(new long[] { 0, 1 });
        var box = new IntervalBounds(images, full_like(images, 0.01));
        var context = new PropagationContext();
        network.Evaluate(images, box, labels, context);
        var lower = CrownMarginBounds.CrownIbpLower(network, box, labels, context);
        Assert.Equal(new long[] { 2, 9 }, lower.shape);
    }

    public static TheoryData<string> Models() => new(KnownModels.Names);
}
