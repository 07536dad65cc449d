namespace Certsweep.Training.Layers;

/// <summary>Flattens every dimension after the batch one; applied to centre and radius alike.</summary>
public sealed class FlattenLayer : BoundedLayer
{
    public FlattenLayer() : base(nameof(FlattenLayer))
    {
    }

    protected override Activation PropagateCore(Activation input, PropagationContext context) =>
        input.Map(clean => clean.flatten(1), bounds => bounds.Map(t => t.flatten(1)));
}
