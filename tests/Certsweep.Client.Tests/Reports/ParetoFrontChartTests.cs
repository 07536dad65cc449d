using Certsweep.Client.Reports;

namespace Certsweep.Client.Tests.Reports;

public sealed class ParetoFrontChartTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "certsweep-pareto-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void The_front_is_the_hand_computed_non_dominated_set_with_ties_on_it_and_trials_never_at_full_eps_left_out()
    {
        var points = ParetoFrontChart.Build(ParetoSweeps.WithDominatedAndTiedTrials().Trials);

        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6, 7 }, points.Select(p => p.Trial.Number).Order());
        Assert.Equal(ParetoSweeps.HandFront, points.Where(p => p.OnFront).Select(p => p.Trial.Number));
        Assert.Equal(new[] { 3, 6 }, points.Where(p => !p.OnFront).Select(p => p.Trial.Number));
        Assert.All(points.Where(p => !p.OnFront), p => Assert.Equal(2, p.Front));
        // The best epoch at full eps (the last), not the ramp epoch with lower errors at a smaller eps.
        var four = points.Single(p => p.Trial.Number == 4);
        Assert.Equal(3, four.Epoch.Epoch);
        Assert.Equal((0.15, 0.50), (four.CleanError, four.VerifiedError));
    }

    [Fact]
    public void Writes_a_png_when_two_trials_reached_full_eps_and_nothing_with_one()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "front.png");

        Assert.True(ParetoFrontChart.Write(ParetoSweeps.WithDominatedAndTiedTrials(), path));
        PngImage.AssertPlot(path, ChartStyle.MethodShades("fast").Select(c => c.ToHex()[..7]).ToArray());

        var single = Path.Combine(_directory, "single.png");
        Assert.False(ParetoFrontChart.Write(ParetoSweeps.Sweep(ParetoSweeps.Reached(1, 0.1, 0.5)), single));
        Assert.False(File.Exists(single));
    }

    [Fact]
    public void The_title_and_axes_name_the_selection_split_and_the_verifier()
    {
        Assert.Contains("validation split", ParetoFrontChart.Title(onValidation: true));
        Assert.Contains("IBP", ParetoFrontChart.Title(onValidation: true));
        Assert.Equal("clean error on the validation split (%)", ParetoFrontChart.CleanAxis(onValidation: true));
        Assert.Equal("verified error (IBP) on the validation split (%)", ParetoFrontChart.VerifiedAxis(onValidation: true));
        Assert.Contains("test set", ParetoFrontChart.Title(onValidation: false));
        Assert.Equal("verified error (IBP) on the test set (%)", ParetoFrontChart.VerifiedAxis(onValidation: false));
    }
}
