using Certsweep.Training.Bounds;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Attacks;

/// <summary>
/// PGD error (docs/method.md §9): the examples misclassified at the clean image or at some point
/// the attack reached inside the box. It lies between the clean error and the IBP verified error, since every
/// point IBP verifies is classified correctly everywhere in the box. The network must be in eval mode.
/// </summary>
public static class PgdError
{
    /// <summary>Per example [B], whether it is misclassified clean or under attack.</summary>
    public static Tensor Attacked(Network network, Tensor images, Tensor labels, IntervalBounds box, PgdAttack attack, Generator generator)
    {
        Tensor cleanWrong;
        using (no_grad())
        {
            cleanWrong = network.Evaluate(images, null, null, new PropagationContext()).Logits!.argmax(1).ne(labels);
        }

        return cleanWrong.logical_or(attack.Run(network, images, labels, box, generator).Misclassified);
    }

    /// <summary>How many examples of the batch are misclassified clean or under attack.</summary>
    public static long Count(Network network, Tensor images, Tensor labels, IntervalBounds box, PgdAttack attack, Generator generator)
    {
        using var scope = NewDisposeScope();
        return Attacked(network, images, labels, box, attack, generator).sum().item<long>();
    }
}
