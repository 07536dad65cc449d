namespace Certsweep.Training.Loop;

/// <summary>Which eps warmup schedule a trial uses (spec section 3).</summary>
public enum EpsScheduleKind
{
    Smoothed,
    Linear,
}
