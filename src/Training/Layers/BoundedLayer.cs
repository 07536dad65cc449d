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

    protected static Activation PropagateInOrder(IEnumerable<BoundedLayer> layers, Activation input, PropagationContext context)
    {
        var current = input;
        foreach (var layer in layers)
        {
            current = layer.Propagate(current, context);
        }

        return current;
    }
}
