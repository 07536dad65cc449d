namespace Certsweep.Training.Probes;

/// <summary>
/// What the bound-width probe measured: for one model at initialization, the mean radius of the interval
/// bounds after every layer under the default (standard) and the IBP initialization (the paper's claim (a)).
/// </summary>
public sealed record BoundWidthProfile(
    string Model,
    string Dataset,
    double Eps,
    int Samples,
    int Seed,
    BatchNormStatistics BatchNorm,
    double InputRadius,
    IReadOnlyList<LayerBoundWidth> Layers)
{
    /// <summary>Every layer before the classifier: the layers whose width the initialization controls.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<LayerBoundWidth> HiddenLayers => Layers.Where(l => !l.IsClassifier);

    /// <summary>Largest over smallest width ratio among the hidden layers, standard init.</summary>
    public double StandardSpread => Spread(HiddenLayers.Select(l => l.StandardRatio));

    /// <summary>Largest over smallest width ratio among the hidden layers, IBP init.</summary>
    public double IbpSpread => Spread(HiddenLayers.Select(l => l.IbpRatio));

    /// <summary>Width after the last hidden layer over the input's, standard init.</summary>
    public double StandardGrowth => HiddenLayers.Last().StandardRatio;

    /// <summary>Width after the last hidden layer over the input's, IBP init.</summary>
    public double IbpGrowth => HiddenLayers.Last().IbpRatio;

    /// <summary>How the BatchNorm statistics were chosen, in words, for every output of the probe.</summary>
    public string BatchNormDescription => BatchNorm switch
    {
        BatchNormStatistics.Batch => $"BatchNorm in training mode: the mean and variance of the clean probe batch ({Samples} samples), as in the first training step",
        _ => "BatchNorm in eval mode: running statistics, which at initialization are mean 0 and variance 1 (BatchNorm is the identity)",
    };

    private static double Spread(IEnumerable<double> ratios)
    {
        var values = ratios.ToList();
        return values.Max() / values.Min();
    }
}
