using System.Globalization;
using Certsweep.Hyperparameters.Catalog;
using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Rules;

/// <summary>
/// The one set of rules every trial must pass, run wherever a trial is checked: the client (every trial a spec
/// expands to), the coordinator (on submit) and the trainer (before it allocates anything). Each value within its
/// declared bounds, then the rules that tie fields together, so a trial that passes can train: its warmup ends by the
/// last epoch, its milestones lie within its epochs, a batch splits into micro-batches of two, the training subset
/// (what the validation split leaves) forms at least one batch, the model fits the data set, the method's components
/// mean something for the model (<see cref="MethodComponentRules"/>).
/// </summary>
public static class TrialRules
{
    public static IReadOnlyList<SpecError> Check(TrialConfig trial)
    {
        var values = trial.Values;
        var errors = new List<SpecError>();
        foreach (var parameter in Parameters.OfScope(ParameterScope.Trial).Where(p => p.Applies(values)))
        {
            if (values.Find(parameter) is not { } value)
            {
                // Absent is fine for an optional group that is off and for a parameter without a default (a preset);
                // otherwise the trial was not resolved from a spec.
                if (parameter.Group is not { Optional: true } && (parameter.Required || parameter.DefaultFor(values) is not null))
                {
                    errors.Add(new SpecError(parameter.Name, "nothing", $"{parameter.Allowed}; the trial needs a value"));
                }
            }
            else if (parameter.Violation(value) is { } allowed)
            {
                errors.Add(new SpecError(parameter.Name, Shown(value), allowed));
            }
        }

        // Cross-field rules assume each value is in range (no overflow follows from the bounds).
        return errors.Count > 0 ? errors : CrossFieldErrors(trial);
    }

    private static List<SpecError> CrossFieldErrors(TrialConfig trial)
    {
        var errors = new List<SpecError>();
        foreach (var (parameter, value) in trial.Values.Where(p => p is PresetParameter).ToList())
        {
            var preset = ((PresetParameter)parameter).Find(value.String)!;
            foreach (var (component, expected) in preset.Components)
            {
                if (!Equals(trial.Values.Find(component), expected))
                {
                    errors.Add(Error(trial, component, Invariant(
                        $"{component.Name} {Echo.Escape(expected.Written)}, as {parameter.Name} {Echo.Escape(value.Written)} sets it (leave {component.Name} out, or leave {parameter.Name} out and set each component)")));
                }
            }
        }

        var epochs = trial.Get(Parameters.Epochs);
        var start = trial.Get(Parameters.ScheduleStart);
        var warmup = trial.Get(Parameters.Warmup);
        var smoothed = trial.Get(Parameters.ScheduleKind) == "smoothed";
        if (smoothed && warmup < 1)
        {
            errors.Add(Error(trial, Parameters.Warmup, "a warmup of at least 1 epoch with schedule.kind smoothed (linear allows 0)"));
        }

        var lastWarmupEpoch = (long)start + warmup - 1;
        if (lastWarmupEpoch > epochs)
        {
            errors.Add(Error(trial, Parameters.Warmup, Invariant(
                $"a warmup that ends by the last epoch: schedule.start {Shown(trial, Parameters.ScheduleStart)} + warmup {Shown(trial, Parameters.Warmup)} - 1 = {lastWarmupEpoch} is after epochs {Shown(trial, Parameters.Epochs)}")));
        }

        if (trial.Get(Parameters.LrMilestones).FirstOrDefault(m => m > epochs) is var late and > 0)
        {
            errors.Add(Error(trial, Parameters.LrMilestones, Invariant(
                $"milestones within the epochs: {late} is after epochs {Shown(trial, Parameters.Epochs)} (lr_milestones: [] for no decay)")));
        }

        var batch = trial.Get(Parameters.BatchSize);
        var accumulation = trial.Get(Parameters.GradientAccumulation);
        if (batch < 2L * accumulation)
        {
            errors.Add(Error(trial, Parameters.GradientAccumulation, Invariant(
                $"at most batch_size / 2 = {batch / 2} micro-batches, so each keeps two samples for BatchNorm (batch_size {Shown(trial, Parameters.BatchSize)})")));
        }

        var dataset = KnownDatasets.Get(trial.Get(Parameters.Dataset));
        var pool = dataset.TrainSamples - (long)trial.GetOr(Parameters.SelectionSize, 0);
        var samples = Math.Min(trial.Get(Parameters.TrainLimit) ?? pool, pool);
        if (pool < 2L * accumulation)
        {
            errors.Add(Error(trial, Parameters.SelectionSize, Invariant(
                $"at most {dataset.TrainSamples - (2L * accumulation)} samples held out, so that one batch of {accumulation} micro-batches of two is left to train on ({dataset.Name} has {dataset.TrainSamples} training samples)")));
        }
        else if (samples < 2L * accumulation)
        {
            errors.Add(Error(trial, Parameters.TrainLimit, Invariant(
                $"enough training samples for one batch of {accumulation} micro-batches of two: at least {2L * accumulation} ({dataset.Name} has {dataset.TrainSamples})")));
        }

        var model = KnownModels.Get(trial.Get(Parameters.Model));
        if (!model.Fits(dataset))
        {
            errors.Add(Error(trial, Parameters.Model, Invariant(
                $"a model built for {dataset.Name}'s {dataset.Side}x{dataset.Side} images ({model.Name} needs at least {model.MinSide}x{model.MinSide})")));
        }

        errors.AddRange(MethodComponentRules.Check(trial, model));

        return errors;
    }

    private static SpecError Error(TrialConfig trial, Parameter parameter, string allowed) =>
        new(parameter.Name, Shown(trial, parameter), allowed);

    private static string Shown(TrialConfig trial, Parameter parameter) => Shown(trial.Values[parameter]);

    private static string Shown(ParameterValue value) => value.Kind == ValueKind.Null ? "null" : Echo.Escape(value.Written);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
