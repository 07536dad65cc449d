using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Rules;
using Certsweep.Hyperparameters.Values;
using CsCheck;

namespace Certsweep.Hyperparameters.Tests.Rules;

/// <summary>
/// The per-trial rules on trials whose every value is drawn from its declared bounds, extremes included: the rules
/// never throw (no overflow where epochs, starts, warmups, batches or steps are added or multiplied), and a trial they
/// accept can run: its warmup ends by the last epoch, its milestones lie within its epochs, each micro-batch holds at
/// least two examples and the training subset forms a batch.
/// </summary>
public sealed class TrialRulesPropertyTests
{
    [Fact]
    public void In_bounds_trials_never_throw_and_accepted_ones_are_feasible()
    {
        var accepted = 0;
        TrialGenerators.InBoundsTrial.Sample(trial =>
        {
            var errors = TrialRules.Check(trial);
            if (errors.Count > 0)
            {
                return;
            }

            Interlocked.Increment(ref accepted);
            var epochs = trial.Get(Parameters.Epochs);
            Assert.True((long)trial.Get(Parameters.ScheduleStart) + trial.Get(Parameters.Warmup) - 1 <= epochs, trial.ToString());
            Assert.All(trial.Get(Parameters.LrMilestones), m => Assert.InRange(m, 1, epochs));
            var batch = trial.Get(Parameters.BatchSize);
            var accumulation = trial.Get(Parameters.GradientAccumulation);
            Assert.True(batch / accumulation >= 2, trial.ToString());
            if (trial.Get(Parameters.TrainLimit) is { } limit)
            {
                Assert.True(limit >= 2 * accumulation, trial.ToString());
            }
        }, iter: 20_000);

        // The generator must reach the accepting side often enough for the second half to mean something.
        Assert.True(accepted > 200, $"only {accepted} of 20,000 trials accepted");
    }

    [Fact]
    public void Every_extreme_combination_of_the_counting_fields_is_checked_without_overflow()
    {
        var epochs = (IntParameter)Parameters.Epochs;
        var start = (IntParameter)Parameters.ScheduleStart;
        var warmup = (IntParameter)Parameters.Warmup;
        var batch = (IntParameter)Parameters.BatchSize;
        var accumulation = (IntParameter)Parameters.GradientAccumulation;
        foreach (var e in new[] { epochs.Min, epochs.Max })
        {
            foreach (var s in new[] { start.Min, start.Max })
            {
                foreach (var w in new[] { warmup.Min, warmup.Max })
                {
                    foreach (var (b, a) in new[] { (batch.Min, accumulation.Max), (batch.Max, accumulation.Min), (batch.Max, accumulation.Max) })
                    {
                        var trial = TrialConfig.Of(
                            Parameters.Dataset.Set("synthetic"), Parameters.Model.Set("cnn_4layer_bn"), Parameters.Eps.Set(0.1),
                            Parameters.Epochs.Set(e), Parameters.ScheduleStart.Set(s), Parameters.Warmup.Set(w),
                            Parameters.BatchSize.Set(b), Parameters.GradientAccumulation.Set(a));
                        var errors = TrialRules.Check(trial);
                        var ends = (long)s + w - 1;
                        Assert.Equal(ends > e, errors.Any(x => x.Field == Parameters.Warmup.Name && x.Allowed.Contains("ends by the last epoch", StringComparison.Ordinal)));
                    }
                }
            }
        }
    }

    [Fact]
    public void Every_integer_bound_fits_int32_with_room_for_one_addition()
    {
        // Rules and schedules add a start to a length and subtract one; bounds this far from int.MaxValue make that
        // safe in int arithmetic as well as in the checked long arithmetic the rules use.
        // Seeds are only hashed into generators, never added to anything, so they may use the whole range.
        foreach (var parameter in Parameters.All.Where(p => p != Parameters.Seed && p != Parameters.SearchSeed))
        {
            var (min, max) = parameter switch
            {
                IntParameter p => (p.Min, p.Max),
                OptionalIntParameter p => (p.Min, p.Max),
                IntListParameter p => (p.ItemMin, p.ItemMax),
                _ => (0, 0),
            };
            Assert.True((long)max + max < int.MaxValue, $"{parameter.Name}: max {max}");
            Assert.True(min >= 0, $"{parameter.Name}: min {min}");
        }
    }
}
