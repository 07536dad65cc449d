using Certsweep.Training.Attacks;
using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Certsweep.Training.Loop;

/// <summary>
/// The MTL-IBP loss (docs/method.md §9): <c>(1 - alpha) CE(f(x_adv), y) + alpha L_IBP(x, eps)</c>.
/// In the network's current mode, as the reference does it: a clean pass (in training mode it updates the
/// BatchNorm running statistics); the attack in eval mode, on the running statistics, within
/// <c>eps * EpsFactor</c>; then one pass of the adversarial batch together with the IBP bounds of the eps box around
/// the clean batch, so that in training mode the bounds use the adversarial batch's BatchNorm statistics (and the
/// running statistics take a second update). Alpha 1 is IBP training itself: no attack, today's robust loss exactly.
/// </summary>
public sealed class MtlIbpLoss
{
    private readonly PgdAttack _attack;

    public MtlIbpLoss(double alpha, MtlIbpAttack attack)
    {
        if (!(alpha >= 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The MTL-IBP alpha must be in [0, 1].");
        }

        var errors = attack.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(attack));
        }

        Alpha = alpha;
        Attack = attack;
        _attack = new PgdAttack(attack.Pgd);
    }

    public double Alpha { get; }

    public MtlIbpAttack Attack { get; }

    /// <param name="network">The network, in the mode the loss is for (training mode when training); left in that mode.</param>
    /// <param name="images">Normalized images [B, C, H, W].</param>
    /// <param name="labels">True labels [B].</param>
    /// <param name="eps">The training eps, raw pixel units.</param>
    /// <param name="normalization">The images' normalization, which places the boxes.</param>
    /// <param name="generator">Source of the attack's random starts.</param>
    /// <param name="context">Context of the bounding pass (collects the ReLU bounds for the regularizers).</param>
    public MtlIbpTerms Compute(Network network, Tensor images, Tensor labels, double eps, Normalization normalization, Generator generator, PropagationContext context)
    {
        var box = InputBox.Around(images, eps, normalization);
        if (Alpha == 1)
        {
            var ibp = network.Evaluate(images, box, labels, context);
            var robustOnly = MarginBounds.RobustLoss(ibp.MarginLower!);
            return new MtlIbpTerms(robustOnly, robustOnly, null, ibp.MarginLower!, ibp.Logits!.detach(), null, null, box);
        }

        Tensor cleanLogits;
        using (no_grad())
        {
            cleanLogits = network.Evaluate(images, null, null, new PropagationContext()).Logits!;
        }

        var training = network.training;
        PgdResult attacked;
        using (var attackScope = NewDisposeScope())
        {
            var attackBox = InputBox.Around(images, eps * Attack.EpsFactor, normalization);
            network.eval();
            try
            {
                attacked = _attack.Run(network, images, labels, attackBox, generator);
            }
            finally
            {
                network.train(training);
            }

            attackScope.MoveToOuter(attacked.Adversarial);
        }

        var output = network.Evaluate(attacked.Adversarial, box, labels, context);
        var adversarialLoss = F.cross_entropy(output.Logits!, labels);
        var robustLoss = MarginBounds.RobustLoss(output.MarginLower!);
        // Alpha 0 leaves the robust term out rather than multiplying it by zero, which an infinite bound would make NaN.
        var loss = Alpha == 0 ? adversarialLoss : adversarialLoss * (1 - Alpha) + robustLoss * Alpha;
        return new MtlIbpTerms(loss, robustLoss, adversarialLoss, output.MarginLower!, cleanLogits, output.Logits!, attacked.Adversarial, box);
    }
}
