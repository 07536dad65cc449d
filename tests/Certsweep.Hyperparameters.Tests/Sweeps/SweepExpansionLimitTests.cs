using System.Diagnostics;
using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Rules;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Tests.Sweeps;

/// <summary>Sizes that must not overflow or stall: a grid's size saturates instead of wrapping, and a random search
/// over a space smaller than its trial count is refused at once instead of drawing until its draw limit.</summary>
public sealed class SweepExpansionLimitTests
{
    private static readonly KeyValuePair<Parameter, ParameterValue>[] Base =
    [
        Parameters.Dataset.Set("synthetic"), Parameters.Eps.Set(0.1), Parameters.Epochs.Set(10), Parameters.Warmup.Set(5),
    ];

    [Fact]
    public void A_grid_of_many_long_axes_saturates_at_long_max_value()
    {
        var axes = new[]
        {
            SweepAxis.Of(Parameters.Seed, Enumerable.Range(0, 100_000).ToArray()),
            SweepAxis.Of(Parameters.Epochs, Enumerable.Range(1, 10_000).ToArray()),
            SweepAxis.Of(Parameters.BatchSize, Enumerable.Range(2, 60_000).ToArray()),
            SweepAxis.Of(Parameters.Warmup, Enumerable.Range(0, 10_000).ToArray()),
            SweepAxis.Of(Parameters.GradientAccumulation, Enumerable.Range(1, 1_024).ToArray()),
        };
        var spec = SweepSpec.Of(Base, axes);
        Assert.Equal(long.MaxValue, SweepExpansion.GridSize(spec));
        var errors = SweepRules.Validate(spec, new TrialLimit(TrialLimit.DefaultMax, "test"));
        Assert.Contains(errors, e => e.Allowed.Contains(TrialLimit.DefaultMax.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public void A_random_search_whose_preset_leaves_its_distribution_out_is_refused_quickly()
    {
        // method vanilla turns the regularizers off, so lambda applies to no trial: the space holds one trial.
        var spec = SweepSpec.Of(
            [.. Base, Parameters.SearchKind.Set("random"), Parameters.SearchTrials.Set(10_000)],
            SweepAxis.Of(Parameters.Method, "vanilla"),
            new SweepAxis(Parameters.Lambda, null, new Distribution(DistributionKind.Uniform, ParameterValue.Of(0.0), ParameterValue.Of(1.0))));
        var clock = Stopwatch.StartNew();
        var trials = SweepExpansion.Expand(spec);
        Assert.Single(trials);
        Assert.True(clock.ElapsedMilliseconds < 1_000, $"{clock.ElapsedMilliseconds} ms");
        Assert.Contains(SweepRules.Validate(spec, new TrialLimit(TrialLimit.DefaultMax, "test")), e => e.Field == Parameters.SearchTrials.Name);
    }
}
