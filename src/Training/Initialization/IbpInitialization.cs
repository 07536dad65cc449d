using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Initialization;

/// <summary>
/// IBP initialization (spec section 4.1, the reference's <c>ibp_init</c>): every Linear/Conv2d weight except
/// the classifier's is redrawn from <c>N(0, sigma^2)</c>, <c>sigma = sqrt(2 pi) / fan_in</c>, which keeps the
/// expected bound width constant from layer to layer; then every Linear/Conv2d whose input is a ReLU
/// applied to a residual sum has its weight halved. Biases keep their default initialization.
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
                // The tensor method: TorchSharp's nn.init.normal_ ignores its generator argument.
                affine.Weight.normal_(0, StandardDeviation(affine.FanIn), generator);
            }
        }

        foreach (var affine in LayersFedByReluOfResidualSum(network))
        {
            affine.Weight.div_(2);
        }
    }

    /// <summary>Linear/Conv2d layers whose input is <c>relu(a + b)</c>, found by walking the layer graph.</summary>
    public static IReadOnlyList<AffineLayer> LayersFedByReluOfResidualSum(Network network)
    {
        var found = new List<AffineLayer>();
        Walk(network, Producer.Other, found);
        return found;
    }

    private enum Producer
    {
        Other,
        ResidualSum,
        ReluOfResidualSum,
    }

    private static Producer Walk(BoundedLayer layer, Producer input, List<AffineLayer> found)
    {
        switch (layer)
        {
            case AffineLayer affine:
                if (input == Producer.ReluOfResidualSum)
                {
                    found.Add(affine);
                }

                return Producer.Other;
            case ReluLayer:
                return input == Producer.ResidualSum ? Producer.ReluOfResidualSum : Producer.Other;
            case ResidualLayer residual:
                residual.Main.Aggregate(input, (current, child) => Walk(child, current, found));
                if (residual.Shortcut is not null)
                {
                    Walk(residual.Shortcut, input, found);
                }

                return Producer.ResidualSum;
            case SequentialLayer sequence:
                return sequence.Layers.Aggregate(input, (current, child) => Walk(child, current, found));
            default:
                return Producer.Other;
        }
    }
}
