using System.Diagnostics;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Values;
using Certsweep.Training.Attacks;
using Certsweep.Training.Bounds;
using Certsweep.Training.Checkpoints;
using Certsweep.Training.Data;
using Certsweep.Training.Evaluation;
using Certsweep.Training.Initialization;
using Certsweep.Training.Models;
using Certsweep.Training.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Loop;

/// <summary>
/// Runs one trial: IBP (or MTL-IBP) training with the options' method, a test pass after every epoch (and, with
/// the pgd group on, the PGD error at its cadence; and a pass over the validation split when the trial selects on one,
/// which then picks the best epoch), a checkpoint after every epoch, resuming from the checkpoint in its directory when there is one. Runs synchronously
/// on the calling thread (dispose scopes are thread-bound); every batch runs inside its own scope. Batches
/// are built (and training batches augmented, with draws derived from the seed, epoch and batch) by a
/// <see cref="BatchPrefetcher"/> while the previous step runs.
/// </summary>
public sealed class IbpTrainer : IDisposable
{
    public const string LastCheckpointName = "checkpoint.last";
    public const string BestCheckpointName = "checkpoint.best";

    private const long ShufflePurpose = 1;
    private const long AugmentationPurpose = 3;
    private const long TrainingAttackPurpose = 4;
    private const long PgdEvaluationPurpose = 5;

    private readonly TrainingOptions _options;
    private readonly DataSplit _data;
    private readonly Device _device;
    private readonly string _directory;
    private readonly ITrainingObserver? _observer;
    private readonly optim.Optimizer _optimizer;
    private readonly CertifiedObjective _objective;
    private readonly TrainingStep _step;
    private CheckpointState? _resumed;

    public IbpTrainer(TrainingOptions options, DataSplit data, Device device, string directory, ITrainingObserver? observer = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid training options: " + string.Join("; ", errors) + ".");
        }

        if (device.type == DeviceType.CPU)
        {
            CpuTensorHeap.KeepFreedMemory();
        }

        _options = options;
        _data = data;
        _device = device;
        _directory = directory;
        _observer = observer;
        BatchesPerEpoch = CountBatches(data.Train.Count, options.Get(Parameters.BatchSize), options.Get(Parameters.GradientAccumulation));
        Schedule = options.EpsSchedule(BatchesPerEpoch);
        Network = ModelZoo.Create(options.Get(Parameters.Model), data.Train.Shape, data.Train.Classes);
        TrialInitialization.Apply(Network, options.IbpInitialization, options.Get(Parameters.Seed));
        Network.Use(options.BatchNorm);

        Network.to(device);
        if (options.InitFrom is { } initial && !File.Exists(LastCheckpointPath))
        {
            PyTorchStateDict.Load(Network, initial);
        }

        _optimizer = optim.Adam(Network.parameters(), lr: options.Get(Parameters.LearningRate), weight_decay: options.Get(Parameters.WeightDecay));
        _objective = new CertifiedObjective(Network, data.Train.Normalization, options);
        _step = new TrainingStep(Network, _optimizer, _objective, options.Get(Parameters.GradientAccumulation), options.Get(Parameters.GradNorm));
        if (File.Exists(LastCheckpointPath))
        {
            _resumed = TrainingCheckpoint.Read(LastCheckpointPath, Network, _optimizer);
            CheckResumable(_resumed.Options);
        }
    }

    public Network Network { get; }

    public IEpsSchedule Schedule { get; }

    public int BatchesPerEpoch { get; }

    /// <summary>Epochs already done when this trainer was created (from its checkpoint).</summary>
    public int ResumedFromEpoch => _resumed?.CompletedEpochs ?? 0;

    public string LastCheckpointPath => Path.Combine(_directory, LastCheckpointName);

    public string BestCheckpointPath => Path.Combine(_directory, BestCheckpointName);

    /// <summary>
    /// Batches per epoch: every sample once, except a last batch too small to leave two samples per
    /// micro-batch (BatchNorm in training mode needs two), which is dropped.
    /// </summary>
    public static int CountBatches(long samples, int batchSize, int accumulation)
    {
        var full = samples / batchSize;
        var rest = samples % batchSize;
        var count = (int)(full + (rest >= 2 * accumulation ? 1 : 0));
        return count >= 1 ? count : throw new ArgumentException($"{samples} training samples are too few for one batch.");
    }

    /// <summary>
    /// Trains to the last epoch. <paramref name="cancel"/> stops before the next batch, keeping the last
    /// epoch's checkpoint; <paramref name="suspend"/> stops before the next batch after writing a mid-epoch
    /// checkpoint that a new trainer resumes from exactly.
    /// </summary>
    public TrainingOutcome Run(CancellationToken cancel = default, CancellationToken suspend = default)
    {
        var state = _resumed;
        var best = state?.Best;
        var reports = state?.CompletedReports().ToList() ?? new List<EpochReport>();
        var last = reports.LastOrDefault();
        for (var epoch = (state?.CompletedEpochs ?? 0) + 1; epoch <= _options.Get(Parameters.Epochs); epoch++)
        {
            var resumeMidEpoch = state is { BatchInEpoch: > 0 } ? state : null;
            state = null;
            var epochClock = Stopwatch.StartNew();
            var train = resumeMidEpoch?.PartialTrain ?? new PassAccumulator();
            var trainSeconds = resumeMidEpoch?.PartialTrainSeconds ?? 0;
            var stopped = TrainEpoch(epoch, resumeMidEpoch?.BatchInEpoch ?? 0, train, ref trainSeconds, best, reports, cancel, suspend);
            if (stopped is { } kind)
            {
                return new TrainingOutcome(kind, epoch - 1, best, last);
            }

            var eps = Schedule.EpsAfterEpoch(epoch);
            var regularized = epoch <= _options.LastRegularizedEpoch;
            var test = Test(eps, regularized);
            var validation = _data.Validation is { } held ? Evaluate(held, eps, regularized) : null;
            double? pgdError = _options.MeasuresPgdAfter(epoch) ? PgdErrorOf(eps, epoch) : null;
            var selection = validation ?? test;
            var isBest = eps == Schedule.EpsMax && selection.VerifiedError is { } verified && (best is null || verified < best.VerifiedError);
            if (isBest)
            {
                best = new BestResult(epoch, selection.CleanError, selection.VerifiedError!.Value);
            }

            var trainMetrics = train.ToMetrics();
            last = new EpochReport(
                epoch, _options.Get(Parameters.Epochs), eps, Schedule.EpsMax, _options.LearningRates.At(epoch), trainMetrics, test,
                trainSeconds > 0 ? trainMetrics.Samples / trainSeconds : 0, trainSeconds,
                (resumeMidEpoch?.PartialTrainSeconds ?? 0) + epochClock.Elapsed.TotalSeconds, isBest, best, pgdError, validation)
            {
                Bound = eps >= CertifiedObjective.NaturalEpsThreshold ? _options.BoundAt(eps) : BoundKind.Ibp,
            };
            reports.Add(last);
            var checkpoint = new CheckpointState { Options = _options, CompletedEpochs = epoch, Best = best, LastReport = last, Reports = reports };
            if (isBest)
            {
                // The best checkpoint first: a crash between the two leaves the last checkpoint an epoch behind
                // (that epoch is trained again), never a best file older than the best epoch the state names.
                TrainingCheckpoint.Write(BestCheckpointPath, checkpoint, Network, _optimizer);
                TrainingCheckpoint.Copy(BestCheckpointPath, LastCheckpointPath);
            }
            else
            {
                TrainingCheckpoint.Write(LastCheckpointPath, checkpoint, Network, _optimizer);
            }

            _observer?.OnEpoch(last);
        }

        return new TrainingOutcome(TrainingOutcomeKind.Completed, _options.Get(Parameters.Epochs), best, last);
    }

    private TrainingOutcomeKind? TrainEpoch(
        int epoch, int firstBatch, PassAccumulator train, ref double trainSeconds, BestResult? best, IReadOnlyList<EpochReport> reports,
        CancellationToken cancel, CancellationToken suspend)
    {
        Network.train();
        foreach (var group in _optimizer.ParamGroups)
        {
            group.LearningRate = _options.LearningRates.At(epoch);
        }

        var regularize = epoch <= _options.LastRegularizedEpoch;
        var samples = _data.Train.Count;
        using var generator = new Generator(SplitMix64.Derive(_options.Get(Parameters.Seed), ShufflePurpose, epoch));
        using var permutation = randperm(samples, generator: generator);
        var order = permutation.data<long>().ToArray();
        var batchSize = _options.Get(Parameters.BatchSize);
        using var batches = new BatchPrefetcher(
            Enumerable.Range(firstBatch, BatchesPerEpoch - firstBatch).ToArray(),
            batch => _data.Train.Batch(
                order.AsSpan(batch * batchSize, (int)Math.Min(batchSize, samples - (long)batch * batchSize)).ToArray(),
                _device,
                new SplitMix64(SplitMix64.Derive(_options.Get(Parameters.Seed), AugmentationPurpose, ((long)epoch << 32) | (uint)batch))));
        var clock = Stopwatch.StartNew();
        var secondsBefore = trainSeconds;
        for (var batch = firstBatch; batch < BatchesPerEpoch; batch++)
        {
            if (cancel.IsCancellationRequested)
            {
                return TrainingOutcomeKind.Cancelled;
            }

            if (suspend.IsCancellationRequested)
            {
                TrainingCheckpoint.Write(LastCheckpointPath, new CheckpointState
                {
                    Options = _options, CompletedEpochs = epoch - 1, BatchInEpoch = batch, PartialTrain = train,
                    PartialTrainSeconds = secondsBefore + clock.Elapsed.TotalSeconds, Best = best,
                    LastReport = reports.LastOrDefault(), Reports = reports,
                }, Network, _optimizer);
                return TrainingOutcomeKind.Suspended;
            }

            var eps = Schedule.EpsAt((long)(epoch - 1) * BatchesPerEpoch + batch);
            using var prepared = batches.Take();
            var loss = TrainBatch(prepared, batch, eps, regularize, epoch, train);
            _observer?.OnBatch(new BatchProgress(epoch, batch + 1, BatchesPerEpoch, eps, loss));
        }

        trainSeconds = secondsBefore + clock.Elapsed.TotalSeconds;
        return null;
    }

    private double TrainBatch(ImageBatch prepared, int batch, double eps, bool regularize, int epoch, PassAccumulator train)
    {
        using var scope = NewDisposeScope();
        var (images, labels) = (prepared.Images, prepared.Labels);
        using var attackRandom = _options.TrainingAttack is null
            ? null
            : new Generator(SplitMix64.Derive(_options.Get(Parameters.Seed), TrainingAttackPurpose, ((long)epoch << 32) | (uint)batch));
        var loss = 0.0;
        foreach (var measurement in _step.Run(images, labels, eps, regularize, epoch, batch + 1, attackRandom))
        {
            train.Add(measurement);
            loss += measurement.Loss * measurement.Samples;
        }

        return loss / prepared.Count;
    }

    /// <summary>A pass over the test set in eval mode at the given eps, without gradients.</summary>
    public PassMetrics Test(double eps, bool regularize) => Evaluate(_data.Test, eps, regularize);

    /// <summary>A pass over <paramref name="data"/> (the test set or the validation split) in eval mode at the given eps, without gradients.</summary>
    private PassMetrics Evaluate(ImageDataset data, double eps, bool regularize)
    {
        Network.eval();
        using var noGrad = no_grad();
        var test = new PassAccumulator();
        var batchSize = _options.TestBatchSize ?? _options.Get(Parameters.BatchSize);
        var count = data.Count;
        var batchCount = (int)((count + batchSize - 1) / batchSize);
        using var batches = new BatchPrefetcher(
            Enumerable.Range(0, batchCount).ToArray(),
            batch => data.Batch((long)batch * batchSize, Math.Min(batchSize, count - (long)batch * batchSize), _device));
        for (var batch = 0; batch < batchCount; batch++)
        {
            using var scope = NewDisposeScope();
            using var prepared = batches.Take();
            using (ScalarGarbage.Enter())
            {
                test.Add(_objective.Evaluate(prepared.Images, prepared.Labels, eps, regularize).Measurement);
            }

            ScalarGarbage.CollectBetweenSteps();
        }

        return test.ToMetrics();
    }

    /// <summary>
    /// With <c>final_certify: crown</c>, the best checkpoint certified at full eps on the whole test set by IBP and by
    /// full CROWN (docs/method.md §8); null otherwise or when no epoch reached full eps. Call it after
    /// <see cref="Run"/> completed; <paramref name="cancel"/> stops it between test batches
    /// (<see cref="OperationCanceledException"/>).
    /// </summary>
    public BestCheckpointCertificate? CertifyBest(CancellationToken cancel = default)
    {
        if (!_options.CertifiesWithCrown || !File.Exists(BestCheckpointPath))
        {
            return null;
        }

        using var saved = SavedNetwork.Load(BestCheckpointPath, model: null, dataset: null, _device);
        var eps = Schedule.EpsMax;
        var report = CertifiedEvaluator.Run(
            saved.Network, _data.Test, eps, [BoundKind.Ibp, BoundKind.Crown], _device, _options.TestBatchSize ?? _options.Get(Parameters.BatchSize),
            _ => cancel.ThrowIfCancellationRequested());
        var (ibp, crown) = (report.Totals[0], report.Totals[1]);
        return new BestCheckpointCertificate(saved.Epoch ?? 0, eps, ibp.Samples, ibp.CleanError, ibp.VerifiedError, crown.VerifiedError, crown.Seconds);
    }

    /// <summary>
    /// The PGD error of the test set at <paramref name="eps"/> (docs/method.md §9): the share of samples misclassified
    /// clean or at a point the attack finds in their eps box, the network in eval mode. The attack's random starts are
    /// derived from the seed and the epoch, so a resumed trial measures the same figure.
    /// </summary>
    public double PgdErrorOf(double eps, int epoch)
    {
        var attack = new PgdAttack(_options.PgdEvaluation ?? throw new InvalidOperationException("The trial's pgd group is off."));
        Network.eval();
        using var generator = new Generator(SplitMix64.Derive(_options.Get(Parameters.Seed), PgdEvaluationPurpose, epoch));
        var batchSize = _options.TestBatchSize ?? _options.Get(Parameters.BatchSize);
        var count = _data.Test.Count;
        var batchCount = (int)((count + batchSize - 1) / batchSize);
        using var batches = new BatchPrefetcher(
            Enumerable.Range(0, batchCount).ToArray(),
            batch => _data.Test.Batch((long)batch * batchSize, Math.Min(batchSize, count - (long)batch * batchSize), _device));
        long attacked = 0;
        for (var batch = 0; batch < batchCount; batch++)
        {
            using var scope = NewDisposeScope();
            using var prepared = batches.Take();
            using (ScalarGarbage.Enter())
            {
                var box = InputBox.Around(prepared.Images, eps, _data.Test.Normalization);
                attacked += PgdError.Count(Network, prepared.Images, prepared.Labels, box, attack, generator);
            }

            ScalarGarbage.CollectBetweenSteps();
        }

        return count == 0 ? 0 : (double)attacked / count;
    }

    /// <summary>A checkpoint resumes only the trial it belongs to: every hyperparameter must be the same, except those
    /// declared to change on resume (more epochs train on; early stopping may change).</summary>
    private void CheckResumable(TrainingOptions saved)
    {
        var differences = Parameters.OfScope(ParameterScope.Trial)
            .Where(p => !p.MayChangeOnResume && !Equals(saved.Trial.Values.Find(p), _options.Trial.Values.Find(p)))
            .Select(p => $"{p.Name} {Shown(saved.Trial.Values.Find(p))} -> {Shown(_options.Trial.Values.Find(p))}")
            .ToList();
        if (differences.Count > 0)
        {
            throw new CheckpointException(
                $"'{LastCheckpointPath}' belongs to a different trial ({string.Join(", ", differences)}); use another output directory or remove it.");
        }
    }

    private static string Shown(ParameterValue? value) => value is null ? "(not set)" : Echo.Escape(value.Written);

    public void Dispose()
    {
        _optimizer.Dispose();
        Network.Dispose();
    }
}
