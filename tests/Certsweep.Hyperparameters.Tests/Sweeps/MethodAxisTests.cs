using Certsweep.Hyperparameters.Catalog;
using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Rules;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Tests.Sweeps;

/// <summary>A method axis of whole configurations: items that are preset names or mappings of method components, how
/// they expand and are labelled, and every refusal at the item's path.</summary>
public sealed class MethodAxisTests
{
    private static readonly TrialLimit Limit = new(TrialLimit.DefaultMax, "test");

    private static readonly KeyValuePair<Parameter, ParameterValue>[] Base =
    [
        Parameters.Dataset.Set(KnownDatasets.FashionMnist), Parameters.Eps.Set(0.1), Parameters.Epochs.Set(10), Parameters.Warmup.Set(2),
        Parameters.Model.Set(KnownModels.CnnFourLayerBn),
    ];

    /// <summary>The example of docs/cli.md: three presets and three configurations no product of axes holds.</summary>
    private static readonly SweepAxis Example = Method(
        "vanilla",
        "fast",
        "crown-ibp",
        Components(Parameters.Init.Set("ibp"), Parameters.Regularizers.Set("tightness+relu"), Parameters.BatchNorm.Set("mean")),
        Components(Parameters.Init.Set("ibp"), Parameters.Regularizers.Set("tightness+relu"), Parameters.BatchNorm.Set("none-wo-affine")),
        Components(Parameters.Init.Set("standard"), Parameters.Regularizers.Set("tightness")));

    [Fact]
    public void The_method_parameter_joins_exactly_the_components_its_presets_set_and_has_no_key_of_its_own()
    {
        Assert.Null(Parameters.Method.JointKey);
        Assert.Equal(["init", "regularizers", "bn", "bound", "loss"], Parameters.Method.JointKeys);
        Assert.All(Parameters.Method.Presets, preset => Assert.Equal(Parameters.Method.JointWith!.Values, preset.Components.Parameters));
    }

    [Fact]
    public void The_example_expands_to_18_trials_with_each_items_components_and_label()
    {
        var spec = Spec(Example, SweepAxis.Of(Parameters.Seed, 1, 2, 3));

        Assert.Empty(SweepRules.Validate(spec, Limit));
        var trials = SweepExpansion.Expand(spec);

        Assert.Equal(18, trials.Count);
        var expected = new[]
        {
            ("vanilla", "standard", "none", "full", "ibp"),
            ("fast", "ibp", "tightness+relu", "full", "ibp"),
            ("crown-ibp", "standard", "none", "full", "crown-ibp"),
            ("init ibp, regularizers tightness+relu, bn mean, bound ibp, loss ibp", "ibp", "tightness+relu", "mean", "ibp"),
            ("init ibp, regularizers tightness+relu, bn none-wo-affine, bound ibp, loss ibp", "ibp", "tightness+relu", "none-wo-affine", "ibp"),
            ("init standard, regularizers tightness, bn full, bound ibp, loss ibp", "standard", "tightness", "full", "ibp"),
        };
        Assert.Equal(expected.SelectMany(e => Enumerable.Repeat(e, 3)), trials.Select(t =>
            (Parameters.Method.Label(t.Values), t.Get(Parameters.Init), t.Get(Parameters.Regularizers), t.Get(Parameters.BatchNorm), t.Get(Parameters.Bound))));
        Assert.Equal([1, 2, 3], trials.Take(3).Select(t => t.Get(Parameters.Seed)));

        // A mapping item's trials carry no preset name; the regularizer weight applies only where a regularizer is on.
        Assert.Equal(9, trials.Count(t => !t.Values.Contains(Parameters.Method)));
        Assert.Equal(12, trials.Count(t => t.Values.Contains(Parameters.Lambda)));
        Assert.All(trials, t => Assert.Empty(TrialRules.Check(t)));
    }

    [Fact]
    public void A_mapping_item_that_matches_a_preset_is_labelled_by_the_preset_without_carrying_its_name()
    {
        var spec = Spec(Method(Components(Parameters.Init.Set("standard"), Parameters.Regularizers.Set("none")), "fast"));

        var trial = SweepExpansion.Expand(spec)[0];

        Assert.False(trial.Values.Contains(Parameters.Method));
        Assert.Equal("vanilla", Parameters.Method.Label(trial.Values));
    }

    [Fact]
    public void A_mapping_item_sets_only_its_components_the_others_take_the_fixed_value_else_the_default()
    {
        var spec = Spec(Method(Components(Parameters.Init.Set("standard")), Components(Parameters.Regularizers.Set("none"))), Parameters.Regularizers.Set("relu"));

        Assert.Empty(SweepRules.Validate(spec, Limit));
        Assert.Equal([("standard", "relu", "full"), ("ibp", "none", "full")],
            SweepExpansion.Expand(spec).Select(t => (t.Get(Parameters.Init), t.Get(Parameters.Regularizers), t.Get(Parameters.BatchNorm))));
    }

    [Fact]
    public void A_value_a_component_does_not_allow_is_refused_at_the_items_key()
    {
        var spec = Spec(Method("fast", Components(Parameters.BatchNorm.Set("batch"))));

        var error = Assert.Single(SweepRules.Validate(spec, Limit));
        Assert.Equal(("axes.method[1].bn", "batch"), (error.Field, error.Value));
        Assert.StartsWith("one of full, mean", error.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_mapping_is_refused()
    {
        var spec = Spec(Method("fast", ParameterSet.Empty));

        var error = Assert.Single(SweepRules.Validate(spec, Limit));
        Assert.Equal(("axes.method[1]", "{}"), (error.Field, error.Value));
        Assert.Contains("at least one of init, regularizers, bn, bound, loss", error.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_component_written_in_an_item_and_varied_as_its_own_axis_is_refused_saying_how_to_fix_it()
    {
        var spec = Spec(Method("fast", Components(Parameters.Init.Set("ibp"), Parameters.BatchNorm.Set("mean"))), SweepAxis.Of(Parameters.BatchNorm, "full", "mean"));

        var error = Assert.Single(SweepRules.Validate(spec, Limit));
        Assert.Equal(("axes.method[1].bn", "mean"), (error.Field, error.Value));
        Assert.Contains("one axis for bn: the spec also varies it as axes.bn", error.Allowed, StringComparison.Ordinal);
        Assert.Contains("leave bn out of the items of axes.method, or remove axes.bn", error.Allowed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Two_items_that_give_the_same_trials_are_refused_like_a_repeated_value(int equivalent)
    {
        // fast and its components written out; the same mapping twice.
        var first = equivalent == 1 ? (object)"fast" : Components(Parameters.Init.Set("ibp"), Parameters.Regularizers.Set("tightness+relu"));
        var spec = Spec(Method("vanilla", first, Components(Parameters.Regularizers.Set("tightness+relu"), Parameters.Init.Set("ibp"))));

        var error = Assert.Single(SweepRules.Validate(spec, Limit));
        Assert.Equal(("axes.method[2]", "{init: ibp, regularizers: tightness+relu}"), (error.Field, error.Value));
        Assert.StartsWith("each value once on an axis (the same as axes.method[1]", error.Allowed, StringComparison.Ordinal);
        Assert.Equal(equivalent == 1, error.Allowed.Contains("fast, once presets and defaults are filled in", StringComparison.Ordinal));
    }

    [Fact]
    public void Items_are_compared_with_the_fixed_values_and_defaults_filled_in()
    {
        // {init: ibp} is the fast method with the defaults; with a fixed bn: mean it differs from {init: ibp, bn: full}.
        var error = Assert.Single(SweepRules.Validate(Spec(Method("vanilla", "fast", Components(Parameters.Init.Set("ibp")))), Limit));
        Assert.Equal(("axes.method[2]", "{init: ibp}"), (error.Field, error.Value));
        Assert.Contains("the same as axes.method[1]: fast", error.Allowed, StringComparison.Ordinal);

        var fixedBn = Spec(Method(Components(Parameters.Init.Set("ibp")), Components(Parameters.Init.Set("ibp"), Parameters.BatchNorm.Set("full"))), Parameters.BatchNorm.Set("mean"));
        Assert.Empty(SweepRules.Validate(fixedBn, Limit));
        Assert.Equal(["mean", "full"], SweepExpansion.Expand(fixedBn).Select(t => t.Get(Parameters.BatchNorm)));
    }

    [Fact]
    public void Crown_ibp_with_warmup_0_is_reported_at_the_item_that_writes_it_preset_or_component()
    {
        var linear = new[] { Parameters.Warmup.Set(0), Parameters.ScheduleKind.Set("linear") };

        var preset = Assert.Single(SweepRules.Validate(Spec(Method("fast", "crown-ibp"), linear), Limit));
        Assert.Equal(("axes.method[1]", "crown-ibp"), (preset.Field, preset.Value));
        Assert.Contains("ibp with warmup 0", preset.Allowed, StringComparison.Ordinal);

        var component = Assert.Single(SweepRules.Validate(Spec(Method("fast", Components(Parameters.Init.Set("ibp"), Parameters.Bound.Set("crown-ibp"))), linear), Limit));
        Assert.Equal(("axes.method[1].bound", "crown-ibp"), (component.Field, component.Value));
    }

    [Fact]
    public void Crown_ibp_with_mtl_ibp_in_one_item_is_reported_at_its_bound()
    {
        var spec = Spec(Method("fast", Components(Parameters.Bound.Set("crown-ibp"), Parameters.Loss.Set("mtl-ibp"))));

        var error = Assert.Single(SweepRules.Validate(spec, Limit));
        Assert.Equal(("axes.method[1].bound", "crown-ibp"), (error.Field, error.Value));
        Assert.Contains("loss mtl-ibp", error.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_search_and_tpe_draw_mapping_items_as_categories()
    {
        var items = Method(
            Components(Parameters.Init.Set("standard"), Parameters.Regularizers.Set("none")),
            Components(Parameters.Init.Set("ibp"), Parameters.BatchNorm.Set("mean")),
            "crown-ibp");
        var random = Spec(items, SweepAxis.Of(Parameters.Seed, 1, 2, 3)).With(Parameters.SearchKind.Set("random"), Parameters.SearchTrials.Set(5), Parameters.SearchSeed.Set(4));

        Assert.Empty(SweepRules.Validate(random, Limit));
        var trials = SweepExpansion.Expand(random);
        Assert.Equal(5, trials.Count);
        Assert.All(trials, t => Assert.Contains(
            (t.Get(Parameters.Init), t.Get(Parameters.Regularizers), t.Get(Parameters.BatchNorm), t.Get(Parameters.Bound)),
            new[] { ("standard", "none", "full", "ibp"), ("ibp", "tightness+relu", "mean", "ibp"), ("standard", "none", "full", "crown-ibp") }));

        var tpe = random.With(Parameters.SearchKind.Set("tpe"), Parameters.SearchTrials.Set(12), Parameters.SearchStartup.Set(4));
        Assert.Empty(SweepRules.Validate(tpe, Limit));
        Assert.Equal(9, SweepExpansion.Representatives(tpe).Count);
    }

    [Fact]
    public void A_joint_item_is_described_as_the_spec_writes_it()
    {
        Assert.Equal(
            ["vanilla", "fast", "crown-ibp", "{init: ibp, regularizers: tightness+relu, bn: mean}", "{init: ibp, regularizers: tightness+relu, bn: none-wo-affine}", "{init: standard, regularizers: tightness}"],
            Example.Values!.Select(v => SweepExpansion.Describe(Example, v)));
        var warmup = new SweepAxis(Parameters.Warmup, [ParameterSet.Of([Parameters.Warmup.Set(10), Parameters.ScheduleStart.Set(3)])], null);
        Assert.Equal("{start: 3, length: 10}", SweepExpansion.Describe(warmup, warmup.Values![0]));
    }

    private static SweepSpec Spec(SweepAxis method, params KeyValuePair<Parameter, ParameterValue>[] settings) =>
        SweepSpec.Of([.. Base.Where(b => !settings.Any(s => s.Key == b.Key)), .. settings], method);

    private static SweepSpec Spec(SweepAxis method, SweepAxis other) => SweepSpec.Of(Base, method, other);

    private static SweepAxis Method(params object[] items) =>
        new(Parameters.Method, items.Select(item => item as ParameterSet ?? ParameterSet.Of(Parameters.Method, ParameterValue.Of((string)item))).ToList(), null);

    private static ParameterSet Components(params KeyValuePair<Parameter, ParameterValue>[] components) => ParameterSet.Of(components);
}
