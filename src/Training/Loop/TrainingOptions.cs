using System.Globalization;
using System.Text.Json.Serialization;
using Certsweep.Training.Data;
using Certsweep.Training.Models;
using Certsweep.Training.Schedules;

namespace Certsweep.Training.Loop;

/// <summary>
/// Everything that determines one trial's training, with the reference's knobs and defaults (spec section
/// 5). Eps is in raw pixel units [0, 1].
/// </summary>
public sealed record TrainingOptions
{
    public string Dataset { get; init; } = DatasetCatalog.FashionMnist;

    public string? DataRoot { get; init; }

    public int? TrainLimit { get; init; }

    public int? TestLimit { get; init; }

    public string Model { get; init; } = CnnFourLayerBn.Name;

    public TrainingMethod Method { get; init; } = TrainingMethod.Fast;

    public double Eps { get; init; } = 0.1;

    public EpsScheduleKind Schedule { get; init; } = EpsScheduleKind.Smoothed;

    public int ScheduleStart { get; init; } = 1;

    public int ScheduleLength { get; init; } = 20;

    public double ScheduleMid { get; init; } = 0.25;

    public double ScheduleBeta { get; init; } = 4.0;

    public double Lambda { get; init; } = 0.5;

    public double Tolerance { get; init; } = 0.5;

    /// <summary>Eps used for the bounds while the schedule is still at zero and regularizers are on.</summary>
    public double MinRegularizerEps { get; init; } = 1e-6;

    public int Epochs { get; init; } = 70;

    public double LearningRate { get; init; } = 5e-4;

    public IReadOnlyList<int> LrMilestones { get; init; } = new[] { 50, 60 };

    public double LrDecayFactor { get; init; } = 0.2;

    public double GradientClipNorm { get; init; } = 10.0;

    public int BatchSize { get; init; } = 256;

    public int? TestBatchSize { get; init; }

    public int GradientAccumulation { get; init; } = 1;

    public int Seed { get; init; } = 1;

    /// <summary>A PyTorch state_dict file (.pt, the reference model's keys) to start from instead of the
    /// method's initialization; ignored when the trial resumes from its own checkpoint.</summary>
    public string? InitFrom { get; init; }

    /// <summary>The last epoch with warmup regularizers: the whole warmup, <c>start + length - 1</c>.</summary>
    [JsonIgnore]
    public int LastRegularizedEpoch => Method == TrainingMethod.Fast ? ScheduleStart + ScheduleLength - 1 : 0;

    [JsonIgnore]
    public DatasetRequest DatasetRequest => new(Dataset, DataRoot, TrainLimit, TestLimit);

    [JsonIgnore]
    public LearningRateSchedule LearningRates => new(LearningRate, LrMilestones, LrDecayFactor);

    public IEpsSchedule EpsSchedule(int batchesPerEpoch) => Schedule switch
    {
        EpsScheduleKind.Smoothed => new SmoothedEpsSchedule(Eps, ScheduleStart, ScheduleLength, batchesPerEpoch, ScheduleMid, ScheduleBeta),
        _ => new LinearEpsSchedule(Eps, ScheduleStart, ScheduleLength, batchesPerEpoch),
    };

    /// <summary>Every problem with these options, each naming the option, its value and what is allowed.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        Check(DatasetCatalog.Contains(Dataset), $"dataset '{Dataset}' is unknown; known: {string.Join(", ", DatasetCatalog.Names)}");
        Check(ModelZoo.Contains(Model), $"model '{Model}' is unknown; known: {string.Join(", ", ModelZoo.Names)}");
        Check(Eps > 0 && Eps <= 1, $"eps {Format(Eps)} is out of range; allowed: 0 < eps <= 1 (raw pixel units)");
        Check(Epochs >= 1, $"epochs {Epochs} must be at least 1");
        Check(ScheduleStart >= 1, $"schedule start {ScheduleStart} must be at least 1 (epochs count from 1)");
        Check(Schedule == EpsScheduleKind.Linear ? ScheduleLength >= 0 : ScheduleLength >= 1, $"schedule length {ScheduleLength} must be at least {(Schedule == EpsScheduleKind.Linear ? 0 : 1)}");
        Check(ScheduleStart + ScheduleLength - 1 <= Epochs, $"warmup ends at epoch {ScheduleStart + ScheduleLength - 1} (start {ScheduleStart} + length {ScheduleLength} - 1), after the last epoch {Epochs}");
        Check(ScheduleMid >= 0 && ScheduleMid <= 1, $"schedule mid {Format(ScheduleMid)} must be in [0, 1]");
        Check(ScheduleBeta >= 2, $"schedule beta {Format(ScheduleBeta)} must be at least 2");
        Check(Lambda >= 0 && double.IsFinite(Lambda), $"lambda {Format(Lambda)} must be a finite number >= 0");
        Check(Tolerance > 0, $"tolerance {Format(Tolerance)} must be > 0");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), $"learning rate {Format(LearningRate)} must be > 0");
        Check(LrMilestones.All(m => m >= 1), $"lr milestones {string.Join(",", LrMilestones)} must be epochs >= 1");
        Check(LrMilestones.Zip(LrMilestones.Skip(1)).All(pair => pair.First < pair.Second),
            $"lr milestones {string.Join(",", LrMilestones)} must be ascending, each epoch once");
        Check(LrDecayFactor > 0 && LrDecayFactor <= 1, $"lr decay factor {Format(LrDecayFactor)} must be in (0, 1]");
        Check(GradientClipNorm > 0, $"gradient clip norm {Format(GradientClipNorm)} must be > 0");
        Check(BatchSize >= 2, $"batch size {BatchSize} must be at least 2 (BatchNorm needs two samples)");
        Check(TestBatchSize is null or >= 1, $"test batch size {TestBatchSize} must be at least 1");
        Check(GradientAccumulation >= 1 && BatchSize / GradientAccumulation >= 2, $"gradient accumulation {GradientAccumulation} must be >= 1 and leave at least 2 samples per micro-batch of {BatchSize}");
        Check(TrainLimit is null or >= 2, $"train limit {TrainLimit} must be at least 2");
        Check(TestLimit is null or >= 1, $"test limit {TestLimit} must be at least 1");
        return errors;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
