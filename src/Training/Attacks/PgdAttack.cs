using Certsweep.Training.Bounds;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Certsweep.Training.Attacks;

/// <summary>
/// L-infinity PGD inside a box of normalized inputs (docs/method.md §9): from a uniform random
/// point of the box (or the image itself), each step moves every element by <c>StepSize</c> times the box's
/// half-width there, in the direction of the sign of the attack loss's gradient, and projects back onto the box.
/// Every point the attack reaches is evaluated; per example it keeps the strongest over all steps of all
/// restarts: a misclassified point beats a correctly classified one, otherwise the higher loss wins.
/// The network must be in eval mode (BatchNorm on its running statistics, which stay as they are); gradients
/// are taken with respect to the input only, so parameters and their gradients are untouched. Works inside
/// <c>no_grad</c> too. Random starts come from the given generator, drawn on the CPU: the same generator state
/// gives the same attack on every device.
/// </summary>
public sealed class PgdAttack
{
    public PgdAttack(PgdOptions options)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        Options = options;
    }

    public PgdOptions Options { get; }

    /// <param name="network">A network in eval mode.</param>
    /// <param name="images">Normalized images [B, C, H, W] inside <paramref name="box"/>.</param>
    /// <param name="labels">True labels [B].</param>
    /// <param name="box">The threat model in normalized space, e.g. <see cref="InputBox.Around"/>.</param>
    /// <param name="generator">Source of the random starts.</param>
    public PgdResult Run(Network network, Tensor images, Tensor labels, IntervalBounds box, Generator generator)
    {
        if (network.training || network.modules().Any(module => module.training))
        {
            throw new InvalidOperationException(
                "PGD attacks a network in eval mode: in training mode BatchNorm would normalize with, and update its running statistics from, the attacked points.");
        }

        // Read before the scope: the box may compute them on first use and keep them.
        var lower = box.Lower;
        var upper = box.Upper;
        using var scope = NewDisposeScope();
        using var gradients = enable_grad();
        var width = (upper - lower).detach();
        var step = (box.Radius * Options.StepSize).detach();
        var perExample = new long[] { -1 }.Concat(Enumerable.Repeat(1L, (int)images.dim() - 1)).ToArray();
        var best = images.detach().clone();
        var bestLoss = full(images.shape[0], double.NegativeInfinity, images.dtype, images.device);
        var bestWrong = zeros(images.shape[0], ScalarType.Bool, images.device);
        for (var restart = 0; restart < Options.Restarts; restart++)
        {
            var point = Options.RandomStart
                ? lower.detach() + rand(images.shape, dtype: images.dtype, device: CPU, generator: generator).to(images.device) * width
                : images.detach().clone();
            for (var iteration = 0; iteration <= Options.Steps; iteration++)
            {
                using var iterationScope = NewDisposeScope();
                var final = iteration == Options.Steps;
                var input = final ? point : point.requires_grad_(true);
                Tensor loss, wrong;
                Tensor? gradient = null;
                using (final ? no_grad() : enable_grad())
                {
                    var logits = network.Evaluate(input, null, null, new PropagationContext()).Logits!;
                    loss = Loss(logits, labels);
                    wrong = logits.argmax(1).ne(labels);
                    if (!final)
                    {
                        gradient = torch.autograd.grad(new[] { loss.sum() }, new[] { input })[0];
                    }
                }

                var stronger = wrong.logical_and(bestWrong.logical_not())
                    .logical_or(wrong.eq(bestWrong).logical_and(loss.detach().gt(bestLoss)));
                Replace(ref best, iterationScope.MoveToOuter(where(stronger.view(perExample), point.detach(), best)));
                Replace(ref bestLoss, iterationScope.MoveToOuter(where(stronger, loss.detach(), bestLoss)));
                Replace(ref bestWrong, iterationScope.MoveToOuter(wrong.logical_or(bestWrong)));
                if (gradient is not null)
                {
                    using var noGrad = no_grad();
                    // A NaN gradient element moves nothing rather than carrying NaN past the projection.
                    var next = minimum(maximum(point.detach() + step * gradient.sign().nan_to_num(), lower), upper);
                    Replace(ref point, iterationScope.MoveToOuter(next));
                }
            }

            point.Dispose();
        }

        return new PgdResult(best.MoveToOuterDisposeScope(), bestWrong.MoveToOuterDisposeScope(), bestLoss.MoveToOuterDisposeScope());
    }

    private Tensor Loss(Tensor logits, Tensor labels)
    {
        if (Options.Loss == AttackLoss.CrossEntropy)
        {
            return F.cross_entropy(logits, labels, reduction: nn.Reduction.None);
        }

        var trueLogit = logits.gather(1, labels.unsqueeze(1)).squeeze(1);
        var isTrue = F.one_hot(labels, logits.shape[1]).to_type(ScalarType.Bool);
        return logits.masked_fill(isTrue, double.NegativeInfinity).amax(1) - trueLogit;
    }

    /// <summary>Frees the tensor a loop variable held as soon as it is replaced, so memory does not grow with steps.</summary>
    private static void Replace(ref Tensor variable, Tensor value)
    {
        var old = variable;
        variable = value;
        old.Dispose();
    }
}
