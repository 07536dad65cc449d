using Certsweep.Training.Bounds;

namespace Certsweep.Training.Layers;

/// <summary>
/// Where full CROWN's forward sweep stands after a layer (docs/method.md §8): the interval
/// bounds of that layer's output, how exact they are, and the backward map that turns a linear bound on that
/// output into one on the network input. The map consumes its argument: its tensors are freed once the next
/// step is made.
/// </summary>
public sealed record SweepPosition(IntervalBounds Bounds, IntervalExactness Exactness, Func<LinearBound, LinearBound> ToInput)
{
    /// <summary>The start of the sweep: the input box, and the identity map.</summary>
    public static SweepPosition AtInput(IntervalBounds box) => new(box, IntervalExactness.IndependentBox, bound => bound);

    /// <summary>The exactness after a linear map that mixes coordinates.</summary>
    public IntervalExactness AfterLinearMap =>
        Exactness == IntervalExactness.IndependentBox ? IntervalExactness.ExactPerNeuron : IntervalExactness.Relaxed;
}
