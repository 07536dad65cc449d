using Certsweep.Training.Bounds;
using static TorchSharp.torch;

namespace Certsweep.Training.Layers;

/// <summary>
/// What flows between layers in one joint pass: the clean batch, its interval bounds, or both. The clean
/// batch is needed by BatchNorm in training mode, whose IBP step uses the clean batch's statistics.
/// </summary>
public sealed record Activation(Tensor? Clean, IntervalBounds? Bounds)
{
    public Tensor RequireClean(string layer) =>
        Clean ?? throw new InvalidOperationException($"{layer} in training mode needs the clean batch in the same pass.");

    public Activation Map(Func<Tensor, Tensor> clean, Func<IntervalBounds, IntervalBounds> bounds) =>
        new(Clean is null ? null : clean(Clean), Bounds is null ? null : bounds(Bounds));
}
