namespace Certsweep.Training.Layers;

/// <summary>
/// What full CROWN's sweep knows about the interval bounds at a position (docs/method.md §8):
/// still the input box up to elementwise maps (every coordinate varies on its own); one linear map of such a box
/// away (each neuron's interval is exactly its range, so CROWN could not tighten it); or neither.
/// </summary>
public enum IntervalExactness
{
    IndependentBox,
    ExactPerNeuron,
    Relaxed,
}
