using Certsweep.Client.Specs;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Catalog;
using Certsweep.Hyperparameters.Rules;
using Certsweep.Hyperparameters.Sweeps;

namespace Certsweep.Client.Tests.Specs;

/// <summary>How many trials a spec file expands to, and which.</summary>
public sealed class SweepExpansionTests
{
    private static SweepSpec Parse(string yaml)
    {
        var result = SweepSpecLoader.Parse(yaml, SpecFormat.Yaml);
        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => p.Message)));
        return result.Spec;
    }

    [Fact]
    public void A_grid_is_the_product_of_its_axes_with_vanilla_collapsed_over_lambda()
    {
        var spec = Parse("""
            dataset: cifar10
            eps: 8/255
            epochs: 100
            axes:
              model: [cnn, resnext]
              method: [vanilla, fast]
              lambda: [0.1, 0.5, 1.0]
              warmup: [20, 40]
              seed: [1, 2]
            """);

        var trials = SweepExpansion.Expand(spec);

        Assert.Equal(48, SweepExpansion.GridSize(spec));
        Assert.Equal((2 * 2 * 3 * 2) + (2 * 2 * 2), trials.Count); // fast: every lambda; vanilla: lambda does not apply
        var vanilla = trials.Where(t => t.Get(Parameters.Method) == "vanilla").ToList();
        Assert.All(vanilla, t => Assert.False(t.Values.Contains(Parameters.Lambda)));
        Assert.Equal(8, vanilla.Count);
        Assert.Equal(trials.Count, trials.Select(t => t.ToString()).Distinct().Count());
    }

    [Fact]
    public void Grid_trials_come_in_model_method_warmup_lambda_seed_order()
    {
        var spec = Parse("""
            dataset: mnist
            eps: 0.3
            epochs: 30
            axes: {model: [cnn], method: [fast], lambda: [0.1, 0.5], warmup: [5, {length: 10, start: 3}], seed: [1, 2]}
            """);

        var trials = SweepExpansion.Expand(spec).Select(t => (t.Get(Parameters.Warmup), t.Get(Parameters.ScheduleStart), t.Get(Parameters.Lambda), t.Get(Parameters.Seed))).ToList();

        Assert.Equal(
            [(5, 1, 0.1, 1), (5, 1, 0.1, 2), (5, 1, 0.5, 1), (5, 1, 0.5, 2), (10, 3, 0.1, 1), (10, 3, 0.1, 2), (10, 3, 0.5, 1), (10, 3, 0.5, 2)],
            trials);
    }

    [Fact]
    public void The_quick_example_is_vanilla_and_fast_at_two_lambdas()
    {
        var spec = SweepSpecLoader.LoadFile(Path.Combine(RepositoryFiles.Examples, "fashion-mnist-quick.yaml")).Spec!;

        var trials = SweepExpansion.Expand(spec);

        Assert.Equal([("vanilla", 0.0), ("fast", 0.1), ("fast", 0.5)], trials.Select(t => (t.Get(Parameters.Method), t.GetOr(Parameters.Lambda, 0))));
        Assert.All(trials, t => Assert.Equal((KnownDatasets.FashionMnist, 4000, 1000, 6, 2, 3),
            (t.Get(Parameters.Dataset), t.Get(Parameters.TrainLimit)!.Value, t.Get(Parameters.TestLimit)!.Value, t.Get(Parameters.Epochs), t.Get(Parameters.ScheduleStart), t.Get(Parameters.Warmup))));
    }

    private const string RandomSpec = """
        dataset: cifar10
        eps: 8/255
        epochs: 160
        schedule: {start: 2}
        axes:
          model: cnn
          method: fast
          lambda: {distribution: log_uniform, min: 0.05, max: 2.0}
          warmup: {distribution: int_uniform, min: 10, max: 80}
          seed: [1, 2]
        search: {kind: random, trials: 40, seed: SEED}
        """;

    [Fact]
    public void Random_search_is_reproducible_from_its_seed()
    {
        var first = SweepExpansion.Expand(Parse(RandomSpec.Replace("SEED", "7", StringComparison.Ordinal)));
        var again = SweepExpansion.Expand(Parse(RandomSpec.Replace("SEED", "7", StringComparison.Ordinal)));
        var other = SweepExpansion.Expand(Parse(RandomSpec.Replace("SEED", "8", StringComparison.Ordinal)));

        Assert.Equal(40, first.Count);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Random_search_draws_again_instead_of_repeating_a_trial()
    {
        // 2 lambdas x 2 warmups x 2 seeds: 8 distinct trials, and 8 draws would almost surely repeat one.
        var spec = Parse("""
            dataset: mnist
            eps: 0.1
            epochs: 10
            axes: {lambda: [0.1, 0.5], warmup: [3, 5], seed: [1, 2]}
            search: {kind: random, trials: 8, seed: 3}
            """);

        var trials = SweepExpansion.Expand(spec);

        Assert.Equal(8, trials.Select(t => (t.Get(Parameters.Lambda), t.Get(Parameters.Warmup), t.Get(Parameters.Seed))).Distinct().Count());
        Assert.Empty(SweepRules.Validate(spec, new TrialLimit(TrialLimit.DefaultMax, "--max-trials")));
    }

    [Fact]
    public void Random_draws_stay_inside_their_distributions()
    {
        var trials = SweepExpansion.Expand(Parse(RandomSpec.Replace("SEED", "1", StringComparison.Ordinal)));

        Assert.All(trials, t =>
        {
            Assert.InRange(t.Get(Parameters.Lambda), 0.05, 2.0);
            Assert.InRange(t.Get(Parameters.Warmup), 10, 80);
            Assert.Contains(t.Get(Parameters.Seed), new[] { 1, 2 });
        });
        // log-uniform over [0.05, 2]: the geometric midpoint is ~0.32, so about half the draws fall below it.
        Assert.InRange(trials.Count(t => t.Get(Parameters.Lambda) < Math.Sqrt(0.05 * 2.0)), 10, 30);
    }

    [Fact]
    public void The_summary_reports_trials_and_the_merged_vanilla_combinations()
    {
        var summary = SpecSummary.Of(SweepSpecLoader.LoadFile(Path.Combine(RepositoryFiles.Examples, "cifar10.yaml")));

        Assert.Equal(12, summary.Trials);
        Assert.Equal(18, summary.GridSize);
        Assert.StartsWith("valid: 12 trials (grid search of 18 combinations; 6 merged, since a parameter that does not apply to a trial (such as lambda without method fast) does not tell trials apart)", summary.Headline(), StringComparison.Ordinal);
        Assert.Equal(3, summary.Axes!.Single(a => a.Axis == "model").DistinctInTrials);
    }

    /// <summary>An optional sweep group left out (here: no scheduler) is off, so the summary lists none of its members'
    /// defaults; written, its members show.</summary>
    [Fact]
    public void The_summary_lists_an_optional_sweep_groups_settings_only_when_the_group_is_written()
    {
        var absent = SpecSummary.Of(SweepSpecLoader.LoadFile(Path.Combine(RepositoryFiles.Examples, "fashion-mnist-quick.yaml")));
        var written = SpecSummary.Of(SweepSpecLoader.Parse("scheduler: {kind: asha}\n" + File.ReadAllText(Path.Combine(RepositoryFiles.Examples, "fashion-mnist-quick.yaml")), SpecFormat.Yaml));

        Assert.DoesNotContain(absent.Settings!, s => s.Parameter.StartsWith("scheduler.", StringComparison.Ordinal));
        Assert.Contains(written.Settings!, s => s == new SettingSummary("scheduler.kind", "asha", IsDefault: false));
        Assert.Contains(written.Settings!, s => s.Parameter == "scheduler.reduction_factor" && s.Value == "3");
    }

    /// <summary>Members of a written optional group that the file leaves out hold their defaults and are marked so, for
    /// sweep groups (scheduler) and trial groups (pgd) alike.</summary>
    [Fact]
    public void An_optional_groups_members_the_file_leaves_out_are_marked_as_defaults()
    {
        var spec = "scheduler: {kind: asha}\npgd: {steps: 10}\n" + File.ReadAllText(Path.Combine(RepositoryFiles.Examples, "fashion-mnist-quick.yaml"));
        var summary = SpecSummary.Of(SweepSpecLoader.Parse(spec, SpecFormat.Yaml));

        Assert.Contains(summary.Settings!, s => s == new SettingSummary("scheduler.kind", "asha", IsDefault: false));
        Assert.Contains(summary.Settings!, s => s == new SettingSummary("scheduler.reduction_factor", "3", IsDefault: true));
        Assert.Contains(summary.Settings!, s => s == new SettingSummary("pgd.steps", "10", IsDefault: false));
        Assert.Contains(summary.Settings!, s => s.Parameter == "pgd.restarts" && s.IsDefault);
    }
}
