using System.Globalization;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Grains.Sweeps.Search;

/// <summary>
/// A sweep's axes as a searcher's space, and a point of it as a trial. Each axis that holds more than one value is a
/// dimension named after its parameter: listed values (numbers too, and joint items such as
/// <c>{length: 10, start: 3}</c>) are categories, a point holding the item's index; <c>uniform</c>,
/// <c>log_uniform</c> and <c>int_uniform</c> distributions are <see cref="UniformDimension"/>,
/// <see cref="LogUniformDimension"/> (modelled in log scale) and <see cref="IntUniformDimension"/>. An axis of one
/// value, or a distribution whose bounds hold one value, is fixed at it.
/// </summary>
public sealed class SpecSearchSpace
{
    private readonly SweepSpec _spec;
    private readonly IReadOnlyList<Func<SearchPoint, ParameterSet>> _valueOf;

    private SpecSearchSpace(SweepSpec spec, SearchSpace space, IReadOnlyList<Func<SearchPoint, ParameterSet>> valueOf)
    {
        _spec = spec;
        Space = space;
        _valueOf = valueOf;
    }

    public SearchSpace Space { get; }

    /// <summary>The space of <paramref name="spec"/>'s axes; the sweep rules make sure one of them varies.</summary>
    public static SpecSearchSpace Of(SweepSpec spec)
    {
        var dimensions = new List<SearchDimension>();
        var valueOf = new List<Func<SearchPoint, ParameterSet>>();
        foreach (var axis in spec.Axes)
        {
            var name = axis.Parameter.Name;
            if (axis.Values is { } values)
            {
                if (values.Count == 1)
                {
                    valueOf.Add(_ => values[0]);
                    continue;
                }

                dimensions.Add(new CategoricalDimension(name, values.Select((_, i) => i.ToString(CultureInfo.InvariantCulture)).ToList()));
                valueOf.Add(point => values[int.Parse(point.Choice(name), CultureInfo.InvariantCulture)]);
                continue;
            }

            var d = axis.Distribution!;
            var parameter = axis.Parameter;
            if (d.Kind == DistributionKind.IntUniform)
            {
                var (min, max) = ((int)Math.Ceiling(d.Min.Real), (int)Math.Floor(d.Max.Real));
                if (min == max)
                {
                    valueOf.Add(_ => ParameterSet.Of(parameter, ParameterValue.Of(min)));
                    continue;
                }

                dimensions.Add(new IntUniformDimension(name, min, max));
                valueOf.Add(point => ParameterSet.Of(parameter, ParameterValue.Of((int)point.Number(name))));
                continue;
            }

            if (d.Min.Real == d.Max.Real)
            {
                valueOf.Add(_ => ParameterSet.Of(parameter, ParameterValue.Of(d.Min.Real)));
                continue;
            }

            dimensions.Add(d.Kind == DistributionKind.LogUniform
                ? new LogUniformDimension(name, d.Min.Real, d.Max.Real)
                : new UniformDimension(name, d.Min.Real, d.Max.Real));
            valueOf.Add(point => ParameterSet.Of(parameter, ParameterValue.Of(point.Number(name))));
        }

        return new SpecSearchSpace(spec, new SearchSpace(dimensions), valueOf);
    }

    /// <summary>The trial <paramref name="point"/> stands for: the spec's fixed values with each axis's value.</summary>
    public TrialConfig ConfigOf(SearchPoint point) =>
        TrialConfig.Resolve(_valueOf.Aggregate(_spec.Settings, (chosen, value) => chosen.Merge(value(point))));

    /// <summary>The point with these stored coordinates.</summary>
    public SearchPoint PointAt(IReadOnlyList<double> coordinates) => Space.Point(coordinates);
}
