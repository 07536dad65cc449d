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
    /// bounds (<see cref="BatchNormLayer.PropagateAfter"/>) as the context's <see cref="BatchNormFolding"/> says.
    /// </summary>
    protected static Activation PropagateInOrder(IReadOnlyList<BoundedLayer> layers, Activation input, PropagationContext context)
    {
        var current = input;
        for (var i = 0; i < layers.Count; i++)
        {
            if (current.Bounds is { } bounds && layers[i] is AffineLayer affine && i + 1 < layers.Count && layers[i + 1] is BatchNormLayer norm &&
                context.FoldBatchNorm switch
                {
                    BatchNormFolding.Always => true,
                    BatchNormFolding.WhereCheaper => affine.Weight.numel() <= affine.OutputElements(bounds.Centre.shape),
                    _ => false,
                })
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
