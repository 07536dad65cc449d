using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Initialization;

/// <summary>
/// PyTorch's default initialization, drawn from a trial's own generator: Linear and Conv2d weights and
/// biases uniform in <c>±1/sqrt(fan_in)</c> (kaiming_uniform with a = sqrt(5)); BatchNorm weight 1, bias 0,
/// running mean 0, running variance 1. This is what vanilla IBP trains from (docs/method.md §4). Draws use the
/// tensor methods: TorchSharp's <c>nn.init.uniform_</c>/<c>normal_</c> ignore their generator argument.
/// </summary>
public static class DefaultInitialization
{
    public static void Apply(Network network, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var layer in network.modules())
        {
            switch (layer)
            {
                case AffineLayer affine:
                    var bound = 1.0 / Math.Sqrt(affine.FanIn);
                    // Tensor.uniform_, not nn.init.uniform_: TorchSharp 0.107's nn.init ignores the generator.
                    affine.Weight.uniform_(-bound, bound, generator);
                    affine.Bias?.uniform_(-bound, bound, generator);

                    break;
                case BatchNormLayer norm:
                    // fill_(0), not zero_(): zero_ returns a new handle that only the finalizer frees.
                    norm.Weight.fill_(1);
                    norm.Bias.fill_(0);
                    norm.RunningMean.fill_(0);
                    norm.RunningVariance.fill_(1);
                    break;
            }
        }
    }
}
