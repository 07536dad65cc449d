using Certsweep.Hyperparameters.Catalog;
using Certsweep.Training.Data;
using Certsweep.Training.Models;

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
}
