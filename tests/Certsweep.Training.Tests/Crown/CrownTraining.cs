using Certsweep.Training.Bounds;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Crown;

/// <summary>A few Adam steps on the CROWN-IBP robust loss (halfway through the eps ramp), BatchNorm in
/// training mode: weights that are no longer the initial ones, and running statistics that moved.</summary>
internal static class CrownTraining
{
    public static void Steps(Network network, Tensor images, Tensor labels, IntervalBounds box, int steps)
    {
        network.train();
        using var optimizer = optim.Adam(network.parameters(), 1e-3);
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var context = new PropagationContext();
            var output = network.Evaluate(images, box, labels, context);
            var lower = CrownIbpMix.Lower(network, box, labels, context, output.MarginLower!, eps: 0.5, epsMax: 1);
            MarginBounds.RobustLoss(lower).backward();
            optimizer.step();
        }
    }
}
