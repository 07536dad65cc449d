using System.Text.Json.Nodes;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Declarations;

/// <summary>
/// The one declaration of a spec or trial field: its name as spec files, the command line, tables and JSON spell it,
/// its type and bounds, its default, its doc line and whether a sweep may vary it. The binder, the validation, the
/// schema, the trainer's options and the reference table in docs/cli.md all read it (docs/architecture.md,
/// "One hyperparameter path").
/// </summary>
public abstract class Parameter
{
    protected Parameter(string name) => Name = name;

    /// <summary>The spec path, e.g. <c>eps</c> or <c>schedule.start</c>.</summary>
    public string Name { get; }

    /// <summary>The key inside its group (<c>start</c> of <c>schedule.start</c>), or the name at top level.</summary>
    public string Key => Group is null ? Name : Name[(Group.Name.Length + 1)..];

    public ParameterGroup? Group { get; init; }

    /// <summary>One line for the reference table and <c>--help</c>.</summary>
    public required string Doc { get; init; }

    public string? Unit { get; init; }

    public ParameterScope Scope { get; init; } = ParameterScope.Trial;

    /// <summary>Whether <c>axes</c> may vary it between a sweep's trials.</summary>
    public bool Sweepable { get; init; }

    /// <summary>Whether a spec must give it (it has no default).</summary>
    public bool Required { get; init; }

    /// <summary>Whether a trial resumed from a checkpoint may have another value (e.g. more epochs: training on).</summary>
    public bool MayChangeOnResume { get; init; }

    /// <summary>When the parameter means something; where it does not (lambda without regularizers) it is left out
    /// of the trial, so trials that differ only there are one trial.</summary>
    public Func<ParameterSet, bool>? AppliesWhen { get; init; }

    /// <summary>The condition of <see cref="AppliesWhen"/> in words, for the reference table.</summary>
    public string? AppliesWhenText { get; init; }

    /// <summary>Other keys an axis item may set together with this parameter, written as a mapping whose
    /// <see cref="JointKey"/> is this parameter (<c>warmup: [{length: 10, start: 3}]</c> sets warmup and schedule.start).</summary>
    public IReadOnlyDictionary<string, Parameter>? JointWith { get; init; }

    /// <summary>The key that names this parameter itself inside a joint mapping, which then must be written; null
    /// when a joint item sets only the other keys, at least one of them (<c>method: [{init: ibp, bn: mean}]</c> sets
    /// method components and leaves the trial without a method name).</summary>
    public string? JointKey { get; init; }

    /// <summary>The keys a joint item of this parameter takes (its own key first, when it has one).</summary>
    public IReadOnlyList<string> JointKeys =>
        JointWith is null ? [] : JointKey is null ? [.. JointWith.Keys] : [JointKey, .. JointWith.Keys];

    /// <summary>Declaration order, which is the order of columns, tables and JSON.</summary>
    public int Order { get; internal set; }

    /// <summary>What is allowed, in words, e.g. "an integer from 1 to 10000".</summary>
    public abstract string Allowed { get; }

    /// <summary>The default written in the reference table ("none" for required fields).</summary>
    public abstract string DefaultText { get; }

    /// <summary>Whether an axis may draw this parameter from a distribution (random and model-based search).</summary>
    public virtual bool HasDistributions => false;

    public bool Applies(ParameterSet trial) => AppliesWhen?.Invoke(trial) ?? true;

    /// <summary>The value of a scalar, or null when it is not an allowed value of this parameter.</summary>
    public abstract ParameterValue? Read(WrittenScalar scalar);

    /// <summary>Null when the value is allowed, else what is allowed (the binder's and the cluster's one check).</summary>
    public abstract string? Violation(ParameterValue value);

    /// <summary>The default for a trial whose other parameters are <paramref name="resolved"/>; null when there is none.</summary>
    public abstract ParameterValue? DefaultFor(ParameterSet resolved);

    /// <summary>The JSON Schema of one value.</summary>
    public abstract JsonObject ValueSchema();

    public override string ToString() => Name;
}

/// <summary>A parameter whose values the trainer reads as <typeparamref name="T"/>.</summary>
public abstract class Parameter<T> : Parameter
{
    protected Parameter(string name)
        : base(name)
    {
    }

    public abstract T ValueOf(ParameterValue value);

    /// <summary>The value <paramref name="value"/> as this parameter holds it.</summary>
    public abstract ParameterValue ToValue(T value);

    /// <summary>This parameter set to <paramref name="value"/>, e.g. <c>Parameters.Eps.Set(0.1)</c>.</summary>
    public KeyValuePair<Parameter, ParameterValue> Set(T value) => new(this, ToValue(value));
}
