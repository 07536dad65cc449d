using Certsweep.Training.Bounds;

namespace Certsweep.Training.Layers;

/// <summary>Flattens every dimension after the batch one; applied to centre and radius alike, and undone on
/// CROWN's coefficients.</summary>
public sealed class FlattenLayer : BoundedLayer
{
    public FlattenLayer() : base(nameof(FlattenLayer))
    {
    }

    protected override Activation PropagateCore(Activation input, PropagationContext context) =>
        input.Map(clean => clean.flatten(1), bounds => bounds.Map(t => t.flatten(1)));

    internal override LinearBound Backward(LinearBound output, BackwardPass pass) =>
        output.With(output.Coefficients.reshape(new[] { output.Batch, output.Rows }.Concat(pass.InputShape(this)).ToArray()), null);

    internal override bool IsElementwise => true;
}
