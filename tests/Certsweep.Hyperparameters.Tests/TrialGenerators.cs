using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Values;
using CsCheck;

namespace Certsweep.Hyperparameters.Tests;

/// <summary>Trials drawn from the declarations alone: every trial-scope parameter gets a value within its declared
/// bounds, its extremes a third of the time, so a generator follows every field a declaration adds.</summary>
public static class TrialGenerators
{
    public static Gen<TrialConfig> InBoundsTrial { get; } = Build();

    private static Gen<TrialConfig> Build()
    {
        var parameters = Parameters.OfScope(ParameterScope.Trial).ToList();
        Gen<ParameterSet> set = Gen.Const(() => ParameterSet.Empty);
        foreach (var parameter in parameters)
        {
            var value = ValueOf(parameter);
            if (value is null)
            {
                continue;
            }

            var present = Gen.Frequency<ParameterValue?>((3, value.Select(v => (ParameterValue?)v)), (parameter.Required ? 0 : 1, Gen.Const(() => (ParameterValue?)null)));
            set = Gen.Select(set, present, (s, v) => v is null ? s : s.With(parameter, v));
        }

        return set.Select(TrialConfig.Resolve);
    }

    private static Gen<ParameterValue>? ValueOf(Parameter parameter) => parameter switch
    {
        IntParameter p => Gen.Frequency((2, Gen.Int[p.Min, p.Max]), (1, Gen.OneOf(p.Min, p.Max, Math.Min(p.Max, p.Min + 1))), (3, Gen.Int[p.Min, Math.Min(p.Max, p.Min + 64)]))
            .Select(i => ParameterValue.Of(i)),
        OptionalIntParameter p => Gen.Frequency((1, Gen.Int[p.Min, p.Max].Select(i => ParameterValue.Of(i))), (1, Gen.Const(() => ParameterValue.Null)),
            (1, Gen.OneOf(p.Min, p.Max).Select(i => ParameterValue.Of(i)))),
        RealParameter p => Gen.Frequency((3, Gen.Double[p.Min, p.Max]), (1, Gen.OneOf(p.Min, p.Max)))
            .Where(p.Within).Select(d => ParameterValue.Of(d)),
        ChoiceParameter p => Gen.OneOf(p.Names.ToArray()).Select(n => ParameterValue.Of(n)),
        PresetParameter p => Gen.OneOf(p.Names.ToArray()).Select(n => ParameterValue.Of(n)),
        IntListParameter p => Gen.Int[p.ItemMin, Math.Min(p.ItemMax, 200)].Array[0, p.MaxCount]
            .Select(items => ParameterValue.Of(items.Distinct().Order().ToArray())),
        _ => null,
    };
}
