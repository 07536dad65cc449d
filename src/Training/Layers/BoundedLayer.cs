using TorchSharp;

namespace Certsweep.Training.Layers;

/// <summary>
/// A network layer that maps a clean batch and its interval bounds together. Subclasses hold their
/// parameters under PyTorch's names so state dictionaries match the reference models key for key.
/// </summary>
public abstract class BoundedLayer : torch.nn.Module
{
    protected BoundedLayer(string name) : base(name)
    {
    }

    public Activation Propagate(Activation input, PropagationContext context)
    {
        var output = PropagateCore(input, context);
        context.Observe(this, output);
        return output;
    }

    protected abstract Activation PropagateCore(Activation input, PropagationContext context);

    /// <summary>
    /// Applies layers in order. A BatchNorm directly after a Linear/Conv2d layer is folded into it for the
    /// bounds (<see cref="BatchNormLayer.PropagateAfter"/>) unless the context asks for every layer's bounds.
    /// </summary>
    protected static Activation PropagateInOrder(IReadOnlyList<BoundedLayer> layers, Activation input, PropagationContext context)
    {
        var current = input;
        for (var i = 0; i < layers.Count; i++)
        {
            if (context.FoldBatchNorm && current.Bounds is not null && layers[i] is AffineLayer affine &&
                i + 1 < layers.Count && layers[i + 1] is BatchNormLayer norm)
            {
                current = norm.PropagateAfter(affine, current, context);
                i++;
                continue;
            }

            current = layers[i].Propagate(current, context);
        }

        return current;
    }
}
