using Certsweep.Hyperparameters.Catalog;
using Certsweep.Hyperparameters.Declarations;

namespace Certsweep.Hyperparameters;

/// <summary>
/// Every spec and trial field, declared once: name, type, unit, bounds, default, doc line and whether a sweep may vary
/// it. Spec files, the JSON Schema, the trainer's options, <c>certsweep train</c>'s options and the reference table in
/// docs/cli.md all come from these declarations. Bounds are chosen so that no sum or product the trainer forms from
/// them overflows (epochs, warmup and their start stay below 10,000; batch counts below 2^31 after multiplying).
/// </summary>
public static class Parameters
{
    public const int MaxEpochs = 10_000;
    public const int MaxSamples = 10_000_000;

    private static readonly List<Parameter> Declared = [];

    public static readonly ParameterGroup ScheduleGroup = new("schedule", "The eps warmup schedule (docs/method.md, \"Eps schedule\"); the ramp's length is warmup.");
    public static readonly ParameterGroup EarlyStoppingGroup = new("early_stopping", "Stop a trial once eps is full and its verified error has not improved for patience epochs; null or absent: off.", Optional: true);
    public static readonly ParameterGroup PgdGroup = new("pgd", "Measure the PGD error (an attack's lower bound on the robust error) on the test set every pgd.every epochs and at the last; null or absent: off.", Optional: true);
    public static readonly ParameterGroup SelectionGroup = new("selection", "Which split picks each trial's best epoch and ranks, stops and guides the trials: a validation subset held out of the training set (selection.split validation, the default when the group is written), or the test set; absent: the test set (the paper's protocol).", Optional: true);
    public static readonly ParameterGroup SearchGroup = new("search", "How the trials are chosen from the axes.");
    public static readonly ParameterGroup SchedulerGroup = new("scheduler", "Stop trials early by comparing them with each other at full eps (docs/architecture.md, \"Early stopping and eps\"); null or absent: every trial runs to its end (or its own early stopping).", Optional: true);

    public static readonly TextParameter Name = Declare(new TextParameter("name")
    {
        Doc = "A free-text title shown in listings and reports.",
        Scope = ParameterScope.Sweep,
        MaxLength = 200,
    });

    public static readonly ChoiceParameter Dataset = Declare(new ChoiceParameter("dataset")
    {
        Doc = "The data set every trial trains and tests on.",
        Required = true,
        Choices = KnownDatasets.All.Select(d => new Choice(d.Name, d.Doc)).ToList(),
    });

    public static readonly OptionalIntParameter TrainLimit = Declare(new OptionalIntParameter("train_limit")
    {
        Doc = "Use only the first N training samples (CPU-sized sweeps).",
        Unit = "samples",
        Min = 2,
        Max = MaxSamples,
        NullMeans = "every sample",
    });

    public static readonly OptionalIntParameter TestLimit = Declare(new OptionalIntParameter("test_limit")
    {
        Doc = "Use only the first N test samples.",
        Unit = "samples",
        Min = 1,
        Max = MaxSamples,
        NullMeans = "every sample",
    });

    public static readonly ChoiceParameter Model = Declare(new ChoiceParameter("model")
    {
        Doc = "The architecture (docs/models.md).",
        Sweepable = true,
        Default = KnownModels.Cnn,
        Choices = KnownModels.All.Select(m => new Choice(m.Name, m.Doc)).ToList(),
    });

    public static readonly ChoiceParameter Init = Declare(new ChoiceParameter("init")
    {
        Doc = "How the hidden Linear/Conv2d weights are initialized (docs/method.md §4.1).",
        Sweepable = true,
        Default = "ibp",
        Choices =
        [
            new("standard", "PyTorch's default initialization (vanilla IBP)"),
            new("ibp", "IBP initialization: N(0, (sqrt(2 pi)/fan_in)^2), the reference's ibp_init"),
        ],
    });

    public static readonly ChoiceParameter Regularizers = Declare(new ChoiceParameter("regularizers")
    {
        Doc = "Which warmup regularizers are added during the warmup (docs/method.md §4.3).",
        Sweepable = true,
        Default = "tightness+relu",
        Choices =
        [
            new("none", "no regularizer"),
            new("tightness", "the bound tightness term only"),
            new("relu", "the ReLU balance term only"),
            new("tightness+relu", "both terms (the paper's fast method)"),
        ],
    });

    public static readonly ChoiceParameter BatchNorm = Declare(new ChoiceParameter("bn")
    {
        Doc = "How every BatchNorm layer normalizes, in the clean and the interval pass alike (docs/method.md §7).",
        Sweepable = true,
        Default = "full",
        Choices =
        [
            new("full", "batch (training) or running (eval) mean and variance, learned scale and shift"),
            new("mean", "the mean only: variance fixed to 1"),
            new("var", "the variance only: mean fixed to 0"),
            new("none", "neither statistic: only the learned scale and shift"),
            new("full-wo-affine", "full, with scale 1 and shift 0"),
            new("mean-wo-affine", "mean, with scale 1 and shift 0"),
            new("var-wo-affine", "var, with scale 1 and shift 0"),
            new("none-wo-affine", "neither statistic nor scale and shift: the identity"),
        ],
    });

    public static readonly ChoiceParameter Bound = Declare(new ChoiceParameter("bound")
    {
        Doc = "The margin bound the robust loss is trained on (docs/method.md §8).",
        Sweepable = true,
        Default = "ibp",
        Choices =
        [
            new("ibp", "interval bound propagation"),
            new("crown-ibp", "f CROWN-IBP + (1 - f) IBP with f = (eps_max - eps) / eps_max: IBP alone once eps is full"),
        ],
    });

    public static readonly ChoiceParameter Loss = Declare(new ChoiceParameter("loss")
    {
        Doc = "The training loss once eps > 0 (docs/method.md §9).",
        Sweepable = true,
        Default = "ibp",
        Choices =
        [
            new("ibp", "the robust loss of the margin bounds (IBP's, or CROWN-IBP's with bound crown-ibp)"),
            new("mtl-ibp", "MTL-IBP: (1 - alpha) CE at a PGD point + alpha IBP robust loss"),
        ],
    });

    public static readonly PresetParameter Method = Declare(new PresetParameter("method")
    {
        Doc = "A named method, which sets its components (listed under allowed values); kept in the trial as its label. An axis item may instead be a mapping of components ({init: ibp, bn: mean}), which sets those and leaves the trial without a name.",
        Sweepable = true,
        MayChangeOnResume = true,
        JointWith = new Parameter[] { Init, Regularizers, BatchNorm, Bound, Loss }.ToDictionary(p => p.Name),
        Presets =
        [
            new("vanilla", "vanilla IBP", ParameterSet.Of([Init.Set("standard"), Regularizers.Set("none"), BatchNorm.Set("full"), Bound.Set("ibp"), Loss.Set("ibp")])),
            new("fast", "the paper's fast method", ParameterSet.Of([Init.Set("ibp"), Regularizers.Set("tightness+relu"), BatchNorm.Set("full"), Bound.Set("ibp"), Loss.Set("ibp")])),
            new("crown-ibp", "CROWN-IBP: vanilla IBP trained on the CROWN-IBP bound", ParameterSet.Of([Init.Set("standard"), Regularizers.Set("none"), BatchNorm.Set("full"), Bound.Set("crown-ibp"), Loss.Set("ibp")])),
            new("mtl-ibp", "MTL-IBP on the fast method's initialization and warmup regularizers, as its reference trains", ParameterSet.Of([Init.Set("ibp"), Regularizers.Set("tightness+relu"), BatchNorm.Set("full"), Bound.Set("ibp"), Loss.Set("mtl-ibp")])),
        ],
    });

    public static readonly ChoiceParameter FinalCertify = Declare(new ChoiceParameter("final_certify")
    {
        Doc = "Which verifier certifies a completed trial's best checkpoint at full eps besides the per-epoch IBP test pass (docs/method.md §8).",
        MayChangeOnResume = true,
        Default = "ibp",
        Choices =
        [
            new("ibp", "IBP only: the best epoch's test pass"),
            new("crown", "full CROWN as well, on the whole test set (one backward pass per unstable neuron: slower)"),
        ],
    });

    public static readonly RealParameter Eps = Declare(new RealParameter("eps")
    {
        Doc = "Target L-infinity radius, train = test.",
        Unit = "raw pixel units",
        Required = true,
        Sweepable = true,
        Min = 0,
        MinExclusive = true,
        Max = 1,
        AllowsFraction = true,
    });

    public static readonly IntParameter Epochs = Declare(new IntParameter("epochs")
    {
        Doc = "Training epochs of every trial.",
        Unit = "epochs",
        Required = true,
        Sweepable = true,
        MayChangeOnResume = true,
        Min = 1,
        Max = MaxEpochs,
    });

    public static readonly ChoiceParameter ScheduleKind = Declare(new ChoiceParameter("schedule.kind")
    {
        Group = ScheduleGroup,
        Doc = "The eps ramp's shape.",
        Sweepable = true,
        Default = "smoothed",
        Choices =
        [
            new("smoothed", "polynomial, then linear (auto_LiRPA's SmoothedScheduler)"),
            new("linear", "linear from start to the end of the warmup"),
        ],
    });

    public static readonly IntParameter ScheduleStart = Declare(new IntParameter("schedule.start")
    {
        Group = ScheduleGroup,
        Doc = "The first epoch of the eps ramp; earlier epochs train on the natural loss.",
        Unit = "epoch",
        Sweepable = true,
        Default = 1,
        Min = 1,
        Max = MaxEpochs,
    });

    public static readonly IntParameter Warmup = Declare(new IntParameter("warmup")
    {
        Doc = "Epochs the eps ramp takes (an axis item may be {length, start} to move its first epoch too); the ramp must end by the last epoch.",
        Unit = "epochs",
        Sweepable = true,
        Default = 20,
        Min = 0,
        Max = MaxEpochs,
        JointKey = "length",
        JointWith = new Dictionary<string, Parameter> { ["start"] = ScheduleStart },
    });

    public static readonly RealParameter ScheduleMid = Declare(new RealParameter("schedule.mid")
    {
        Group = ScheduleGroup,
        Doc = "Where the smoothed ramp turns from polynomial to linear, as a share of the warmup.",
        Sweepable = true,
        Default = 0.25,
        Min = 0,
        Max = 1,
    });

    public static readonly RealParameter ScheduleBeta = Declare(new RealParameter("schedule.beta")
    {
        Group = ScheduleGroup,
        Doc = "The exponent of the smoothed ramp's polynomial part.",
        Sweepable = true,
        Default = 4,
        Min = 2,
        Max = 10,
    });

    public static readonly RealParameter Lambda = Declare(new RealParameter("lambda")
    {
        Doc = "Weight of the warmup regularizers.",
        Sweepable = true,
        Default = 0.5,
        Min = 0,
        Max = 1000,
        AppliesWhen = trial => trial.Get(Regularizers) != "none",
        AppliesWhenText = "regularizers other than none",
    });

    public static readonly RealParameter Tolerance = Declare(new RealParameter("tol")
    {
        Doc = "Tolerance of the warmup regularizers.",
        Sweepable = true,
        Default = 0.5,
        Min = 0,
        MinExclusive = true,
        Max = 10,
        AppliesWhen = trial => trial.Get(Regularizers) != "none",
        AppliesWhenText = "regularizers other than none",
    });

    public static readonly RealParameter Alpha = Declare(new RealParameter("alpha")
    {
        Doc = "MTL-IBP's weight of the IBP robust loss against the adversarial cross-entropy; 1 is IBP training exactly.",
        Sweepable = true,
        Default = 0.5,
        Min = 0,
        Max = 1,
        AppliesWhen = trial => trial.Get(Loss) == "mtl-ibp",
        AppliesWhenText = "loss mtl-ibp",
    });

    public static readonly IntParameter AttackSteps = Declare(new IntParameter("attack_steps")
    {
        Doc = "PGD steps of MTL-IBP's training attack.",
        Unit = "steps",
        Sweepable = true,
        Min = 1,
        Max = 1_000,
        DefaultFrom = trial => TrainingAttack(trial).Steps,
        DefaultDescription = "8 for cifar10 at eps <= 4/255, else 1 (the reference's choice)",
        AppliesWhen = trial => trial.Get(Loss) == "mtl-ibp",
        AppliesWhenText = "loss mtl-ibp",
    });

    public static readonly RealParameter AttackStepSize = Declare(new RealParameter("attack_step_size")
    {
        Doc = "Step of MTL-IBP's training attack, as a multiple of the attack box's half-width.",
        Sweepable = true,
        Min = 0,
        MinExclusive = true,
        Max = 100,
        DefaultFrom = trial => TrainingAttack(trial).StepSize,
        DefaultDescription = "0.25 for cifar10 at eps <= 4/255, else 10 (one step to the box's faces)",
        AppliesWhen = trial => trial.Get(Loss) == "mtl-ibp",
        AppliesWhenText = "loss mtl-ibp",
    });

    public static readonly RealParameter AttackEpsFactor = Declare(new RealParameter("attack_eps_factor")
    {
        Doc = "The training attack's eps as a multiple of the training eps (its box is clipped to the pixel range).",
        Sweepable = true,
        Min = 0,
        MinExclusive = true,
        Max = 100,
        DefaultFrom = trial => TrainingAttack(trial).EpsFactor,
        DefaultDescription = "2.1 for cifar10 at eps <= 4/255, else 1",
        AppliesWhen = trial => trial.Get(Loss) == "mtl-ibp",
        AppliesWhenText = "loss mtl-ibp",
    });

    public static readonly RealParameter LearningRate = Declare(new RealParameter("lr")
    {
        Doc = "Adam's learning rate (a rate so large that a loss becomes NaN ends the trial as diverged).",
        Sweepable = true,
        Default = 5e-4,
        Min = 0,
        MinExclusive = true,
        Max = 1e30,
    });

    public static readonly IntListParameter LrMilestones = Declare(new IntListParameter("lr_milestones")
    {
        Doc = "Epochs after which the learning rate is multiplied by lr_decay_factor.",
        Unit = "epochs",
        ItemMin = 1,
        ItemMax = MaxEpochs,
        MaxCount = 100,
        DefaultFrom = trial => new[] { 50, 60 }.Where(m => m <= trial.Get(Epochs)).ToArray(),
        DefaultDescription = "those of [50, 60] within epochs",
    });

    public static readonly RealParameter LrDecayFactor = Declare(new RealParameter("lr_decay_factor")
    {
        Doc = "What the learning rate is multiplied by at each milestone.",
        Sweepable = true,
        Default = 0.2,
        Min = 0,
        MinExclusive = true,
        Max = 1,
    });

    public static readonly RealParameter WeightDecay = Declare(new RealParameter("weight_decay")
    {
        Doc = "L2 weight decay added to the gradient by Adam (the reference's --weight-decay).",
        Sweepable = true,
        Default = 0,
        Min = 0,
        Max = 1,
    });

    public static readonly RealParameter GradNorm = Declare(new RealParameter("grad_norm")
    {
        Doc = "The gradient's L2 norm is clipped to this before every step (the reference's --grad-norm).",
        Sweepable = true,
        Default = 10,
        Min = 0,
        MinExclusive = true,
        Max = 1e6,
    });

    public static readonly IntParameter BatchSize = Declare(new IntParameter("batch_size")
    {
        Doc = "Training batch size (BatchNorm needs two samples per micro-batch).",
        Unit = "samples",
        Sweepable = true,
        Default = 256,
        Min = 2,
        Max = 65_536,
    });

    public static readonly IntParameter GradientAccumulation = Declare(new IntParameter("grad_acc")
    {
        Doc = "Micro-batches per batch (gradient accumulation), each with at least two samples.",
        Sweepable = true,
        Default = 1,
        Min = 1,
        Max = 1_024,
    });

    public static readonly IntParameter Seed = Declare(new IntParameter("seed")
    {
        Doc = "Seed of the initialization, shuffling and augmentation.",
        Sweepable = true,
        Default = 1,
        Min = 0,
        Max = int.MaxValue,
    });

    public static readonly IntParameter Patience = Declare(new IntParameter("early_stopping.patience")
    {
        Group = EarlyStoppingGroup,
        Doc = "Epochs at full eps without improvement before the trial stops.",
        Unit = "epochs",
        MayChangeOnResume = true,
        Default = 10,
        Min = 1,
        Max = MaxEpochs,
    });

    public static readonly RealParameter MinDelta = Declare(new RealParameter("early_stopping.min_delta")
    {
        Group = EarlyStoppingGroup,
        Doc = "Improvements of the verified error smaller than this share do not count.",
        MayChangeOnResume = true,
        Default = 0,
        Min = 0,
        Max = 1,
    });

    public static readonly IntParameter PgdSteps = Declare(new IntParameter("pgd.steps")
    {
        Group = PgdGroup,
        Doc = "Steps of the PGD attack that measures pgd_error.",
        Unit = "steps",
        MayChangeOnResume = true,
        Default = 10,
        Min = 1,
        Max = 1_000,
    });

    public static readonly IntParameter PgdRestarts = Declare(new IntParameter("pgd.restarts")
    {
        Group = PgdGroup,
        Doc = "Restarts of the PGD attack, each from its own uniform random point of the box.",
        MayChangeOnResume = true,
        Default = 1,
        Min = 1,
        Max = 100,
    });

    public static readonly IntParameter PgdEvery = Declare(new IntParameter("pgd.every")
    {
        Group = PgdGroup,
        Doc = "Measure pgd_error after every this many epochs (and after the last).",
        Unit = "epochs",
        MayChangeOnResume = true,
        Default = 1,
        Min = 1,
        Max = MaxEpochs,
    });

    public static readonly RealParameter PgdStepSize = Declare(new RealParameter("pgd.step_size")
    {
        Group = PgdGroup,
        Doc = "Step of the PGD attack, as a multiple of the eps box's half-width.",
        MayChangeOnResume = true,
        Default = 0.25,
        Min = 0,
        MinExclusive = true,
        Max = 100,
    });

    public static readonly ChoiceParameter SelectionSplit = Declare(new ChoiceParameter("selection.split")
    {
        Group = SelectionGroup,
        Doc = "The split whose errors pick the best epoch and rank, stop and guide trials; with validation, test errors are reported for the selected epochs only.",
        Default = "validation",
        Choices =
        [
            new("validation", "selection.size training samples held out (the same for every trial of a data set), evaluated every epoch"),
            new("test", "the test set (the paper's protocol; test figures then also chose the epoch)"),
        ],
    });

    public static readonly IntParameter SelectionSize = Declare(new IntParameter("selection.size")
    {
        Group = SelectionGroup,
        Doc = "Training samples held out as the validation split (chosen by a fixed rule: docs/method.md, \"Selection\").",
        Unit = "samples",
        Default = 5_000,
        Min = 1,
        Max = MaxSamples,
        AppliesWhen = trial => trial.GetOr(SelectionSplit, "test") == "validation",
        AppliesWhenText = "selection.split validation",
    });

    public static readonly ChoiceParameter SearchKind = Declare(new ChoiceParameter("search.kind")
    {
        Group = SearchGroup,
        Scope = ParameterScope.Sweep,
        Doc = "grid: every combination of the axes' values; random: search.trials distinct draws; tpe: search.trials trials proposed one by one from the finished trials' results.",
        Default = "grid",
        Choices =
        [
            new("grid", "every combination of the listed values"),
            new("random", "search.trials distinct draws (lists uniformly, distributions as given)"),
            new("tpe", "the tree-structured Parzen estimator: search.startup random trials, then each trial where the finished ones did best (lists are categories, distributions keep their scale)"),
        ],
    });

    public static readonly OptionalIntParameter SearchTrials = Declare(new OptionalIntParameter("search.trials")
    {
        Group = SearchGroup,
        Scope = ParameterScope.Sweep,
        Doc = "How many trials random search draws or TPE proposes (grid search: null, the grid decides).",
        Unit = "trials",
        Min = 1,
        Max = 1_000_000,
        NullMeans = "the grid's size",
    });

    public static readonly IntParameter SearchSeed = Declare(new IntParameter("search.seed")
    {
        Group = SearchGroup,
        Scope = ParameterScope.Sweep,
        Doc = "Seed of random search's draws and of TPE's.",
        Default = 0,
        Min = 0,
        Max = int.MaxValue,
    });

    public static readonly IntParameter SearchStartup = Declare(new IntParameter("search.startup")
    {
        Group = SearchGroup,
        Scope = ParameterScope.Sweep,
        Doc = "TPE: trials drawn at random before the estimator proposes; search.trials must be at least this.",
        Unit = "trials",
        Default = 10,
        Min = 1,
        Max = 1_000_000,
    });

    public static readonly ChoiceParameter SchedulerKind = Declare(new ChoiceParameter("scheduler.kind")
    {
        Group = SchedulerGroup,
        Scope = ParameterScope.Sweep,
        Doc = "How trials are stopped early: ASHA's rungs, the median rule, or none.",
        Default = "asha",
        Choices =
        [
            new("asha", "asynchronous successive halving: at each rung only the best 1/reduction_factor so far go on"),
            new("median", "a trial stops when its best so far is worse than the median of the others at that epoch"),
            new("none", "no trial is stopped early"),
        ],
    });

    public static readonly ChoiceParameter SchedulerMetric = Declare(new ChoiceParameter("scheduler.metric")
    {
        Group = SchedulerGroup,
        Scope = ParameterScope.Sweep,
        Doc = "The error the scheduler compares (on the selection split, at full eps); one of objectives.",
        Default = "verified_error",
        Choices =
        [
            new("verified_error", "the verified error"),
            new("clean_error", "the clean error"),
        ],
    });

    public static readonly IntParameter SchedulerReductionFactor = Declare(new IntParameter("scheduler.reduction_factor")
    {
        Group = SchedulerGroup,
        Scope = ParameterScope.Sweep,
        Doc = "ASHA: rungs at min_epochs x reduction_factor^k, where the best 1/reduction_factor of the trials there go on.",
        Default = 3,
        Min = 2,
        Max = 100,
    });

    public static readonly IntParameter SchedulerMinEpochs = Declare(new IntParameter("scheduler.min_epochs")
    {
        Group = SchedulerGroup,
        Scope = ParameterScope.Sweep,
        Doc = "ASHA: the first rung's epoch; median: the first epoch a trial can be stopped after. Put it after the warmups.",
        Unit = "epochs",
        Default = 1,
        Min = 1,
        Max = MaxEpochs,
    });

    public static readonly IntParameter SchedulerGrace = Declare(new IntParameter("scheduler.grace")
    {
        Group = SchedulerGroup,
        Scope = ParameterScope.Sweep,
        Doc = "Epochs at full eps a trial runs before it can be judged (its error right after the ramp is still settling).",
        Unit = "epochs",
        Default = 1,
        Min = 0,
        Max = MaxEpochs,
    });

    public static readonly NameListParameter Objectives = Declare(new NameListParameter("objectives")
    {
        Scope = ParameterScope.Sweep,
        Doc = "What the sweep minimizes, most important first (on the selection split, at each trial's best epoch): one ranks the trials by it, two by Pareto front; TPE minimizes the first.",
        Choices =
        [
            new("verified_error", "the verified error at full eps"),
            new("clean_error", "the clean error"),
        ],
        MinCount = 1,
        MaxCount = 2,
        Default = ["verified_error"],
    });

    public static readonly IntParameter MaxConcurrency = Declare(new IntParameter("max_concurrency")
    {
        Scope = ParameterScope.Sweep,
        Doc = "Most trials of the sweep running at once; 0: as many as there are free device slots.",
        Unit = "trials",
        Default = 0,
        Min = 0,
        Max = 100_000,
    });

    public static readonly IntParameter Retries = Declare(new IntParameter("retries")
    {
        Scope = ParameterScope.Sweep,
        Doc = "How often a failed trial is retried (from its checkpoint) before it counts as failed.",
        Default = 2,
        Min = 0,
        Max = 20,
    });

    /// <summary>Every declaration, in declaration order.</summary>
    public static IReadOnlyList<Parameter> All => Declared;

    public static IEnumerable<ParameterGroup> Groups => Declared.Select(p => p.Group).OfType<ParameterGroup>().Distinct();

    public static IEnumerable<Parameter> OfScope(ParameterScope scope) => Declared.Where(p => p.Scope == scope);

    public static Parameter? Find(string name) => Declared.FirstOrDefault(p => p.Name == name);

    /// <summary>The reference's training attack for the trial's data set and eps (defaults of the attack_* parameters).</summary>
    private static TrainingAttackFacts TrainingAttack(ParameterSet trial) =>
        TrainingAttackFacts.For(trial.GetOr(Dataset, string.Empty), trial.GetOr(Eps, 1.0));

    private static T Declare<T>(T parameter)
        where T : Parameter
    {
        parameter.Order = Declared.Count;
        Declared.Add(parameter);
        return parameter;
    }
}
