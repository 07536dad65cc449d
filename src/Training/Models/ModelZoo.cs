namespace Certsweep.Training.Models;

/// <summary>The sweep's <c>model</c> axis: every architecture a trial can name.</summary>
public static class ModelZoo
{
    private static readonly IReadOnlyDictionary<string, ModelDefinition> Definitions = new[]
    {
        new ModelDefinition(CnnSevenLayerBn.Name, "CNN-7 with BN (reference cnn_7layer_bn2)", CnnSevenLayerBn.Build),
        new ModelDefinition(CnnFourLayerBn.Name, "small 4-layer CNN with BN for CPU runs (ours)", CnnFourLayerBn.Build),
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    public static IEnumerable<ModelDefinition> All => Definitions.Values;

    public static IEnumerable<string> Names => Definitions.Keys;

    public static bool Contains(string name) => Definitions.ContainsKey(name);

    public static Network Create(string name, ImageShape input, int classes) =>
        Definitions.TryGetValue(name, out var definition)
            ? definition.Build(input, classes)
            : throw new ArgumentException($"Unknown model '{name}'. Known models: {string.Join(", ", Names)}.");
}
