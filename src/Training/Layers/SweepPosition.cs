using Certsweep.Training.Bounds;

namespace Certsweep.Training.Layers;

/// <summary>
/// Where full CROWN's forward sweep stands after a layer (docs/method.md, "CROWN and CROWN-IBP"): the interval
/// bounds of that layer's output, and the backward map that turns a linear bound on that output into one on
/// the network input. The map consumes its argument: its tensors are freed once the next step is made.
/// </summary>
public sealed record SweepPosition(IntervalBounds Bounds, Func<LinearBound, LinearBound> ToInput);
