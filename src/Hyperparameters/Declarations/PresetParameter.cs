using System.Text.Json.Nodes;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Declarations;

/// <summary>
/// A parameter whose value names a <see cref="Preset"/>: writing it sets the preset's components, which are the
/// parameters the trainer reads (<c>method: fast</c> sets <c>init: ibp</c> and <c>regularizers: tightness+relu</c>).
/// The name stays in the trial as its label; a trial whose components disagree with its preset is refused by the
/// trial rules.
/// </summary>
public sealed class PresetParameter : Parameter<string>
{
    public PresetParameter(string name)
        : base(name)
    {
    }

    public required IReadOnlyList<Preset> Presets { get; init; }

    public IEnumerable<string> Names => Presets.Select(p => p.Name);

    public override string Allowed => $"one of {string.Join("; ", Presets.Select(p => $"{p.Name} ({Describe(p)})"))}";

    public override string DefaultText => "none (the components' own defaults)";

    public Preset? Find(string name) => Presets.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary><paramref name="values"/> with the components of the preset it names where it does not give them
    /// itself; unchanged when it names none.</summary>
    public ParameterSet WithComponents(ParameterSet values) =>
        values.Find(this) is { Kind: ValueKind.Text } name && Find(name.String) is { } preset
            ? values.Merge(preset.Components.Where(c => !values.Contains(c)))
            : values;

    /// <summary><paramref name="values"/> with the components of each preset it names (<see cref="WithComponents"/>).</summary>
    public static ParameterSet WithComponentsOfEachPreset(ParameterSet values) =>
        values.Parameters.OfType<PresetParameter>().ToList().Aggregate(values, (set, preset) => preset.WithComponents(set));

    /// <summary>The preset whose components <paramref name="trial"/> has, if any.</summary>
    public Preset? Matching(ParameterSet trial) =>
        Presets.FirstOrDefault(p => p.Components.All(c => Equals(trial.Find(c.Key), c.Value)));

    /// <summary>How tables name a trial's method: the preset it was written with, else the preset its components
    /// match, else its components (<c>init ibp, regularizers relu</c>).</summary>
    public string Label(ParameterSet trial) =>
        trial.Find(this)?.String ?? Matching(trial)?.Name
        ?? string.Join(", ", Presets[0].Components.Parameters.Select(p => $"{p.Name} {trial.Find(p)?.Written ?? "-"}"));

    public static string Describe(Preset preset) => string.Join(", ", preset.Components.Select(c => $"{c.Key.Name} {c.Value.Written}"));

    public override ParameterValue? Read(WrittenScalar scalar) =>
        scalar.Kind == ScalarKind.String && Find(scalar.Text) is not null ? ParameterValue.Of(scalar.Text) : null;

    public override string? Violation(ParameterValue value) =>
        value.Kind == ValueKind.Text && Find(value.String) is not null ? null : Allowed;

    public override ParameterValue? DefaultFor(ParameterSet resolved) => null;

    public override JsonObject ValueSchema() => new() { ["enum"] = new JsonArray(Names.Select(n => (JsonNode)n!).ToArray()) };

    public override string ValueOf(ParameterValue value) => value.String;

    public override ParameterValue ToValue(string value) => ParameterValue.Of(value);
}
