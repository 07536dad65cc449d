using System.CommandLine;
using System.Globalization;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Local;

/// <summary>
/// The options of a verb that takes a trial's hyperparameters: one <c>--kebab-name</c> per trial parameter
/// declaration (<c>schedule.start</c> is <c>--schedule-start</c>, <c>lr_milestones</c> is <c>--lr-milestones 5,8</c>),
/// read through the same declarations as spec files, so a new parameter is an option here without further code.
/// </summary>
public sealed class ParameterOptions
{
    private readonly IReadOnlyList<(Parameter Parameter, Option<string> Option)> _options;

    private ParameterOptions(IReadOnlyList<(Parameter, Option<string>)> options) => _options = options;

    public IEnumerable<Option> Options => _options.Select(o => o.Option);

    public static ParameterOptions ForTrial() => new(Parameters.OfScope(ParameterScope.Trial)
        .Select(p => (p, new Option<string>(OptionName(p))
        {
            Description = $"{p.Doc} Allowed: {p.Allowed}.{(p.Required ? " Required." : $" Default: {p.DefaultText}.")}",
        }))
        .ToList());

    public static string OptionName(Parameter parameter) => "--" + parameter.Name.Replace('.', '-').Replace('_', '-');

    /// <summary>The option that sets the parameter <paramref name="name"/>, or the name itself when no parameter has it.</summary>
    public static string OptionNameOf(string name) => Parameters.Find(name) is { } parameter ? OptionName(parameter) : name;

    /// <summary>The values given on the command line; each value that is not allowed, and each required option left
    /// out, is added to <paramref name="problems"/>. Setting one key of an optional group turns the group on.</summary>
    public ParameterSet Read(ParseResult parse, List<string> problems)
    {
        var values = ParameterSet.Empty;
        foreach (var (parameter, option) in _options)
        {
            if (parse.GetValue(option) is not { } text)
            {
                if (parameter.Required)
                {
                    problems.Add($"{option.Name} is required; allowed: {parameter.Allowed}");
                }

                continue;
            }

            if (Read(parameter, text) is { } value)
            {
                values = values.With(parameter, value);
            }
            else
            {
                problems.Add($"{option.Name} {Echo.Escape(text)} is not allowed; allowed: {parameter.Allowed}");
            }
        }

        foreach (var parameter in Parameters.All.Where(p => p.Group is { Optional: true } g && values.Any(v => v.Key.Group == g) && !values.Contains(p)))
        {
            values = values.With(parameter, parameter.DefaultFor(values)!);
        }

        return values;
    }

    private static ParameterValue? Read(Parameter parameter, string text)
    {
        if (parameter is not IntListParameter list)
        {
            return parameter.Read(Scalar(text));
        }

        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(item => list.ReadItem(Scalar(item))).ToList();
        if (items.Any(i => i is null))
        {
            return null;
        }

        var value = IntListParameter.FromItems(items!, $"[{string.Join(", ", items.Select(i => i!.Written))}]");
        return list.Violation(value) is null ? value : null;
    }

    /// <summary>A command-line word as a spec scalar: a number when it reads as one, <c>null</c> as null, else text.</summary>
    private static WrittenScalar Scalar(string text) =>
        text == "null" ? new WrittenScalar(text, ScalarKind.Null)
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? new WrittenScalar(text, ScalarKind.Number)
        : new WrittenScalar(text, ScalarKind.String);
}
