namespace Certsweep.Contracts;

/// <summary>Names the sweep's <c>model</c> axis accepts. The trainer's model zoo defines them; a test keeps
/// the two lists equal so specs are validated without loading the trainer.</summary>
public static class KnownModels
{
    public const string Cnn = "cnn";
    public const string CnnFourLayerBn = "cnn_4layer_bn";

    public static IReadOnlyList<string> Names { get; } = new[] { Cnn, CnnFourLayerBn };
}
