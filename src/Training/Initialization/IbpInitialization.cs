using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Initialization;

/// <summary>
/// IBP initialization (docs/method.md §4.1, the reference's <c>ibp_init</c>): every Linear/Conv2d weight except
/// the classifier's is redrawn from <c>N(0, sigma^2)</c>, <c>sigma = sqrt(2 pi) / fan_in</c>, which keeps the
/// expected bound width constant from layer to layer; then the residual rule halves some weights.
/// Biases keep their default initialization.
/// </summary>
public static class IbpInitialization
{
    public static double StandardDeviation(long fanIn) => Math.Sqrt(2 * Math.PI) / fanIn;

    public static void Apply(Network network, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var affine in network.modules().OfType<AffineLayer>())
        {
            if (!ReferenceEquals(affine, network.Classifier))
            {
                // Tensor.normal_, not nn.init.normal_: TorchSharp 0.107's nn.init ignores the generator.
                affine.Weight.normal_(0, StandardDeviation(affine.FanIn), generator);
            }
        }

        foreach (var affine in LayersFedFromResidualSum(network))
        {
            affine.Weight.div_(2);
        }
    }

    /// <summary>
    /// The Linear/Conv2d layers whose weights the residual rule halves. The paper words it as "whose input is
    /// a ReLU applied to a residual sum"; the reference tests whether the layer producing the input has a
    /// residual sum as its own input, whatever that layer is (ReLU in every model of the zoo, but also e.g.
    /// a BatchNorm or a pooling), and that is the rule implemented here. Found by walking the layer graph.
    /// </summary>
    public static IReadOnlyList<AffineLayer> LayersFedFromResidualSum(Network network)
    {
        var found = new List<AffineLayer>();
        Walk(network, Producer.Other, found);
        return found;
    }

    /// <summary>What produced the value flowing into a layer.</summary>
    private enum Producer
    {
        Other,
        ResidualSum,
        LayerOnResidualSum,
    }

    private static Producer Walk(BoundedLayer layer, Producer input, List<AffineLayer> found)
    {
        switch (layer)
        {
            case ResidualLayer residual:
                residual.Main.Aggregate(input, (current, child) => Walk(child, current, found));
                if (residual.Shortcut is not null)
                {
                    Walk(residual.Shortcut, input, found);
                }

                return Producer.ResidualSum;
            case SequentialLayer sequence:
                return sequence.Layers.Aggregate(input, (current, child) => Walk(child, current, found));
            case AffineLayer affine when input == Producer.LayerOnResidualSum:
                found.Add(affine);
                return Producer.Other;
            default:
                return input == Producer.ResidualSum ? Producer.LayerOnResidualSum : Producer.Other;
        }
    }
}
