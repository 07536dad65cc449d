using System.Globalization;
using System.Text.Json.Serialization;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Rules;
using Certsweep.Hyperparameters.Values;
using Certsweep.Training.Bounds;
using Certsweep.Training.Attacks;
using Certsweep.Training.Data;
using Certsweep.Training.Layers;
using Certsweep.Training.Schedules;

namespace Certsweep.Training.Loop;

/// <summary>
/// One trial's training: its hyperparameters (a <see cref="TrialConfig"/>, checked by the same
/// <see cref="TrialRules"/> as everywhere else) and the settings of this machine that do not change what is
/// computed (where the data lies, the test batch size, a starting state_dict). Eps is in raw pixel units [0, 1].
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Eps used for the bounds while the schedule is still at zero and regularizers are on (docs/method.md,
    /// "Warmup regularizers").</summary>
    public const double MinRegularizerEps = 1e-6;

    public required TrialConfig Trial { get; init; }

    public string? DataRoot { get; init; }

    /// <summary>Test batch size (default: the training batch size); it does not change any figure.</summary>
    public int? TestBatchSize { get; init; }

    /// <summary>A PyTorch state_dict file (.pt, the reference model's keys) to start from instead of the
    /// method's initialization; ignored when the trial resumes from its own checkpoint.</summary>
    public string? InitFrom { get; init; }

    public T Get<T>(Parameter<T> parameter) => Trial.Get(parameter);

    /// <summary>These options with other values for some hyperparameters.</summary>
    public TrainingOptions With(params KeyValuePair<Parameter, ParameterValue>[] values) => this with { Trial = Trial.With(values) };

    /// <summary>IBP initialization (docs/method.md §4.1) rather than the standard one.</summary>
    [JsonIgnore]
    public bool IbpInitialization => Get(Parameters.Init) == "ibp";

    /// <summary>How every BatchNorm layer normalizes (docs/method.md §7).</summary>
    [JsonIgnore]
    public BatchNormVariant BatchNorm => BatchNormVariant.Parse(Get(Parameters.BatchNorm));

    /// <summary>The margin bound the robust loss is trained on: <see cref="BoundKind.Ibp"/> or <see cref="BoundKind.CrownIbp"/>
    /// (docs/method.md §8).</summary>
    [JsonIgnore]
    public BoundKind Bound => BoundKinds.Parse(Get(Parameters.Bound));

    /// <summary>Whether a completed trial's best checkpoint is certified by full CROWN too (docs/method.md §8).</summary>
    [JsonIgnore]
    public bool CertifiesWithCrown => Get(Parameters.FinalCertify) == "crown";

    /// <summary>The bound that certifies a pass at <paramref name="eps"/>: CROWN-IBP (mixed with IBP) while a crown-ibp
    /// trial's eps is below eps_max by more than <see cref="CrownIbpMix.IbpOnlyBelow"/>, else IBP.</summary>
    public BoundKind BoundAt(double eps) =>
        Bound == BoundKind.CrownIbp && CrownIbpMix.CrownWeight(eps, Get(Parameters.Eps)) >= CrownIbpMix.IbpOnlyBelow ? BoundKind.CrownIbp : BoundKind.Ibp;

    /// <summary>The last epoch with warmup regularizers: the whole warmup, <c>start + warmup - 1</c>; 0 without them
    /// (docs/method.md §4.3).</summary>
    [JsonIgnore]
    public int LastRegularizedEpoch => Get(Parameters.Regularizers) != "none" ? Get(Parameters.ScheduleStart) + Get(Parameters.Warmup) - 1 : 0;

    /// <summary>The attack MTL-IBP trains against; null when the loss is IBP's (docs/method.md §9).</summary>
    [JsonIgnore]
    public MtlIbpAttack? TrainingAttack => Get(Parameters.Loss) == "mtl-ibp"
        ? new MtlIbpAttack(
            new PgdOptions { Steps = Get(Parameters.AttackSteps), StepSize = Get(Parameters.AttackStepSize), Restarts = 1, RandomStart = true },
            Get(Parameters.AttackEpsFactor))
        : null;

    /// <summary>The attack that measures the PGD error of the test set; null when the pgd group is off.</summary>
    [JsonIgnore]
    public PgdOptions? PgdEvaluation => PgdOn
        ? new PgdOptions
        {
            Steps = Pgd(Parameters.PgdSteps), StepSize = Trial.GetOr(Parameters.PgdStepSize, Parameters.PgdStepSize.Default!.Value),
            Restarts = Pgd(Parameters.PgdRestarts), RandomStart = true, Loss = AttackLoss.CrossEntropy,
        }
        : null;

    /// <summary>Whether the PGD error is measured after <paramref name="epoch"/>: every pgd.every epochs and after the
    /// last, when the pgd group is on.</summary>
    public bool MeasuresPgdAfter(int epoch) => PgdOn && (epoch % Pgd(Parameters.PgdEvery) == 0 || epoch == Get(Parameters.Epochs));

    /// <summary>The group is on when the trial has any of its members (a spec that writes it gets them all).</summary>
    private bool PgdOn => Parameters.All.Any(p => p.Group == Parameters.PgdGroup && Trial.Values.Contains(p));

    private int Pgd(IntParameter member) => Trial.GetOr(member, member.Default!.Value);

    [JsonIgnore]
    public DatasetRequest DatasetRequest => new(Get(Parameters.Dataset), DataRoot, Get(Parameters.TrainLimit), Get(Parameters.TestLimit), SelectsOnValidation ? Get(Parameters.SelectionSize) : null);

    /// <summary>True when a validation split held out of the training set picks the best epoch (selection.split
    /// validation); the test set is then evaluated every epoch too, for the record.</summary>
    [JsonIgnore]
    public bool SelectsOnValidation => Trial.Values.Contains(Parameters.SelectionSize);

    [JsonIgnore]
    public LearningRateSchedule LearningRates => new(Get(Parameters.LearningRate), Get(Parameters.LrMilestones), Get(Parameters.LrDecayFactor));

    public IEpsSchedule EpsSchedule(int batchesPerEpoch) => Get(Parameters.ScheduleKind) switch
    {
        "smoothed" => new SmoothedEpsSchedule(
            Get(Parameters.Eps), Get(Parameters.ScheduleStart), Get(Parameters.Warmup), batchesPerEpoch, Get(Parameters.ScheduleMid), Get(Parameters.ScheduleBeta)),
        _ => new LinearEpsSchedule(Get(Parameters.Eps), Get(Parameters.ScheduleStart), Get(Parameters.Warmup), batchesPerEpoch),
    };

    /// <summary>Every problem with these options: the trial rules, then this machine's settings.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = TrialRules.Check(Trial).Select(e => e.ToString()).ToList();
        if (TestBatchSize is < 1)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"test batch size {TestBatchSize} must be at least 1"));
        }

        return errors;
    }
}
