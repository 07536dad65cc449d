namespace Certsweep.Training.Schedules;

/// <summary>
/// Step decay as the reference's MultiStepLR stepped after every epoch: epoch t (1-based) trains with
/// <c>lr * factor^(number of milestones m with m &lt; t)</c>.
/// </summary>
public sealed record LearningRateSchedule(double BaseRate, IReadOnlyList<int> Milestones, double Factor = 0.2)
{
    public double At(int epoch) => BaseRate * Math.Pow(Factor, Milestones.Count(m => m < epoch));
}
