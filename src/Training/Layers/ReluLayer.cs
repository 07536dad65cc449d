using Certsweep.Training.Bounds;
using static TorchSharp.torch;

namespace Certsweep.Training.Layers;

/// <summary>ReLU. A monotone activation maps the interval ends separately (docs/method.md §1); the
/// pre-activation bounds are handed to the context for the warmup regularizers.</summary>
public sealed class ReluLayer : BoundedLayer
{
    public ReluLayer() : base(nameof(ReluLayer))
    {
    }

    protected override Activation PropagateCore(Activation input, PropagationContext context)
    {
        IntervalBounds? bounds = null;
        if (input.Bounds is { } pre)
        {
            context.RecordReluInput(pre);
            var lower = nn.functional.relu(pre.Lower);
            var upper = nn.functional.relu(pre.Upper);
            bounds = IntervalBounds.FromLowerUpper(lower, upper);
        }

        return new(input.Clean is null ? null : nn.functional.relu(input.Clean), bounds);
    }
}
