using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Bounds;

/// <summary>
/// Margin lower bounds by CROWN (docs/method.md §8), shape [B, K-1] in the row order of
/// <see cref="MarginBounds"/>. Both start from an interval pass over the same batch (<see cref="Network.Evaluate"/>
/// with a box), whose <see cref="PropagationContext"/> supplies the ReLU input bounds, BatchNorm maps and layer
/// shapes: in training mode the bounds are those of the function with the clean batch's BatchNorm statistics,
/// in eval mode with the running ones. Memory is bounded by chunking: at most
/// <c>maxCoefficientElements</c> backward coefficients per chunk at the widest layer (times a few for the
/// temporaries of one backward step).
/// </summary>
public static class CrownMarginBounds
{
    /// <summary>2^26 coefficients (256 MiB in float32) per chunk at the widest layer.</summary>
    public const long DefaultMaxCoefficientElements = 1L << 26;

    /// <summary>
    /// CROWN-IBP: the margins bounded by CROWN backward from the specification, every ReLU relaxed with the
    /// interval bounds of <paramref name="ibpPass"/>. Differentiable (training); chunked over images.
    /// </summary>
    public static Tensor CrownIbpLower(Network network, IntervalBounds box, Tensor labels, PropagationContext ibpPass, long maxCoefficientElements = DefaultMaxCoefficientElements)
    {
        var batch = labels.shape[0];
        var perImage = (network.Classes - 1) * new BackwardPass(ibpPass, 0, batch).LargestInputElements();
        var chunk = Math.Max(1, maxCoefficientElements / perImage);
        return InChunks(batch, chunk, (start, count) =>
        {
            var pass = new BackwardPass(ibpPass, start, count);
            var images = Rows(box, start, count);
            var specification = network.Specification(labels.narrow(0, start, count));
            return network.Backward(specification, pass).LowerOver(images);
        });
    }

    /// <summary>
    /// Full CROWN, one image at a time, no gradients: a forward sweep in which every ReLU input is bounded by
    /// CROWN backward from that layer to the input (where the interval bounds from the tightened layers before
    /// leave a neuron's sign open and are not exact already; chunks of neurons), then CROWN backward from the
    /// specification.
    /// </summary>
    /// <param name="patches">Whether the neuron rows start in patch form (see <see cref="CrownTightening"/>).</param>
    public static Tensor CrownLower(
        Network network, IntervalBounds box, Tensor labels, PropagationContext ibpPass, long maxCoefficientElements = DefaultMaxCoefficientElements, bool patches = true)
    {
        using var noGrad = no_grad();
        return InChunks(labels.shape[0], 1, (start, count) =>
        {
            var pass = new BackwardPass(ibpPass, start, count);
            var image = Rows(box, start, count);
            var tightening = new CrownTightening(pass, image, maxCoefficientElements, patches);
            var position = network.Sweep(SweepPosition.AtInput(image), tightening);
            return position.ToInput(network.Specification(labels.narrow(0, start, count))).LowerOver(image);
        });
    }

    private static IntervalBounds Rows(IntervalBounds box, long start, long count) =>
        start == 0 && count == box.Centre.shape[0] ? box : new IntervalBounds(box.Centre.narrow(0, start, count), box.Radius.narrow(0, start, count));

    /// <summary>Runs <paramref name="bound"/> on consecutive images, each chunk in its own dispose scope.</summary>
    private static Tensor InChunks(long batch, long chunk, Func<long, long, Tensor> bound)
    {
        if (chunk >= batch)
        {
            return bound(0, batch);
        }

        var parts = new List<Tensor>();
        for (long start = 0; start < batch; start += chunk)
        {
            using var scope = NewDisposeScope();
            parts.Add(bound(start, Math.Min(chunk, batch - start)).MoveToOuterDisposeScope());
        }

        return cat(parts, 0);
    }
}
