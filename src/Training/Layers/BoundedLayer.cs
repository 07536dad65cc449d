using Certsweep.Training.Bounds;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Layers;

/// <summary>
/// A network layer that maps a clean batch and its interval bounds together, and holds its CROWN backward
/// rule (<see cref="Backward"/>) beside its interval rule. Subclasses hold their parameters under PyTorch's
/// names so state dictionaries match the reference models key for key.
/// </summary>
public abstract class BoundedLayer : torch.nn.Module
{
    protected BoundedLayer(string name) : base(name)
    {
    }

    public Activation Propagate(Activation input, PropagationContext context)
    {
        context.RecordInput(this, input);
        var output = PropagateCore(input, context);
        context.Observe(this, output);
        return output;
    }

    protected abstract Activation PropagateCore(Activation input, PropagationContext context);

    /// <summary>
    /// CROWN's backward rule (docs/method.md §8): a lower bound <c>A y + b</c> of linear
    /// functions of this layer's output y turned into a lower bound of the same functions in terms of this
    /// layer's input. Leaves <paramref name="output"/> as it is.
    /// </summary>
    internal abstract LinearBound Backward(LinearBound output, BackwardPass pass);

    /// <summary>
    /// Full CROWN's forward sweep over this layer: its interval rule applied to the sweep's bounds, and the
    /// backward map extended by this layer's rule. ReLU (which tightens its input first), BatchNorm (which
    /// uses the interval pass's map), and the layers holding other layers override it.
    /// </summary>
    internal virtual SweepPosition Sweep(SweepPosition input, CrownTightening tightening) =>
        new(Propagate(new Activation(null, input.Bounds), tightening.Context).Bounds!,
            IsElementwise ? input.Exactness : input.AfterLinearMap,
            ToInputThrough(input, tightening.Pass));

    /// <summary>Whether <see cref="Backward"/> takes a bound in patch form (<see cref="LinearBound.Grid"/>); other
    /// layers get it written out on the whole map first.</summary>
    internal virtual bool TakesPatches => false;

    /// <summary>Whether each output depends on one input only (a per-channel map, a reshape): such a layer
    /// keeps the sweep's exactness.</summary>
    internal virtual bool IsElementwise => false;

    /// <summary>The backward map from this layer's output to the network input: this layer's rule, then
    /// <paramref name="input"/>'s map. Consumes its argument.</summary>
    protected Func<LinearBound, LinearBound> ToInputThrough(SweepPosition input, BackwardPass pass) =>
        output =>
        {
            var step = BackwardStep(this, output, pass);
            output.DisposeExcept(step);
            return input.ToInput(step);
        };

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

    /// <summary>CROWN backward through layers applied in order (the last one first). Every intermediate bound
    /// and temporary is freed as soon as the next step has it; <paramref name="output"/> is left alone.</summary>
    protected static LinearBound BackwardInOrder(IReadOnlyList<BoundedLayer> layers, LinearBound output, BackwardPass pass)
    {
        var current = output;
        for (var i = layers.Count - 1; i >= 0; i--)
        {
            var next = BackwardStep(layers[i], current, pass);
            if (!ReferenceEquals(current, output))
            {
                current.DisposeExcept(next, output);
            }

            current = next;
        }

        return current;
    }

    /// <summary>Full CROWN's sweep through layers applied in order.</summary>
    protected static SweepPosition SweepInOrder(IReadOnlyList<BoundedLayer> layers, SweepPosition input, CrownTightening tightening) =>
        layers.Aggregate(input, (position, layer) => layer.Sweep(position, tightening));

    /// <summary>One layer's backward rule in its own dispose scope: only what it returns outlives it.</summary>
    private static LinearBound BackwardStep(BoundedLayer layer, LinearBound output, BackwardPass pass)
    {
        using var scope = NewDisposeScope();
        return layer.Backward(layer.TakesPatches ? output : output.ToDense(), pass).KeepBeyond(scope);
    }
}
