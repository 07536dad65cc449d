namespace Certsweep.Training.Layers;

/// <summary>
/// Which statistics a BatchNorm layer divides and shifts by (docs/method.md §7): both (the
/// standard layer), the mean only (variance fixed to 1), the variance only (mean fixed to 0), or neither.
/// </summary>
public enum BatchNormMode
{
    Full,
    Mean,
    Variance,
    None,
}
