using Certsweep.Contracts.Trials;
using Certsweep.Grains.Training;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Catalog;
using Certsweep.Training.Loop;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Certsweep.Grains.Tests.Training;

/// <summary>The PGD error of an epoch travels from the trainer's report through the epoch result and the trial status,
/// across Orleans' serializer (between silos and clients) unchanged, and stays null where no epoch measured it.</summary>
public sealed class PgdErrorCarriageTests
{
    private static readonly PassMetrics Pass = new(64, 0.2, 0.6, 0.7, 1.1, 1.1, null, null, null, 0.3, 0.4);

    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(EpochResult).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Theory]
    [InlineData(0.35)]
    [InlineData(null)]
    public void The_epoch_result_carries_the_reports_pgd_error_through_the_serializer(double? pgd)
    {
        var report = new EpochReport(3, 5, 0.1, 0.1, 5e-4, Pass, Pass, 900, 2, 2.5, false, null, pgd);

        var result = report.ToEpochResult();
        var copy = Serializer.Deserialize<EpochResult>(Serializer.SerializeToArray(result));

        Assert.Equal(pgd, result.PgdError);
        Assert.Equal(result, copy);
    }

    [Fact]
    public void The_trial_status_carries_the_last_measured_pgd_error_and_its_epoch_through_the_serializer()
    {
        var config = TrialConfig.Of(
            Parameters.Dataset.Set(KnownDatasets.Synthetic), Parameters.Eps.Set(0.1), Parameters.Epochs.Set(5), Parameters.Method.Set("mtl-ibp"),
            Parameters.Warmup.Set(2), Parameters.Alpha.Set(0.25));
        var status = new TrialStatus
        {
            TrialId = "s/0001", SweepId = "s", Number = 1, Epochs = 5, Axes = config.Values.Where(p => p == Parameters.Method || p == Parameters.Alpha),
            PgdError = 0.35, PgdEpoch = 4,
        };

        var copy = Serializer.Deserialize<TrialStatus>(Serializer.SerializeToArray(status))!;

        Assert.Equal((0.35, 4), (copy.PgdError, copy.PgdEpoch));
        Assert.Equal(status.Axes, copy.Axes);
        Assert.Equal(0.25, copy.Axes.Get(Parameters.Alpha));
    }
}
