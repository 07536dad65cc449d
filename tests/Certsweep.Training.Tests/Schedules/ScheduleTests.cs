using Certsweep.Training.Schedules;

namespace Certsweep.Training.Tests.Schedules;

/// <summary>Eps schedules (docs/method.md §3) against expected values worked out independently here.</summary>
public sealed class ScheduleTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void SmoothedScheduleOfATinyRampByHand()
    {
        // eps_max 1, start 1, length 2, 4 batches per epoch: init 0, final 8, mid 2, beta 4.
        // alpha = 1 / ((8-2)*4*2^3 + 2*2^3) = 1/208; value at mid 16/208 = 1/13; slope there 2/13 per step,
        // which the straight line from 1/13 at step 2 to 1 at step 8 also has.
        var schedule = new SmoothedEpsSchedule(1.0, start: 1, length: 2, batchesPerEpoch: 4);
        var expected = new[] { 0, 1.0 / 208, 1.0 / 13, 3.0 / 13, 5.0 / 13, 7.0 / 13, 9.0 / 13, 11.0 / 13, 1, 1, 1 };
        for (var step = 0; step < expected.Length; step++)
        {
            Assert.Equal(expected[step], schedule.EpsAt(step), Tolerance);
        }
    }

    [Theory]
    [InlineData(0.4, 3, 5, 13, 0.25, 4.0, 10)]
    [InlineData(8.0 / 255, 2, 80, 7, 0.25, 4.0, 90)]
    [InlineData(0.1, 1, 3, 50, 0.4, 2.5, 4)]
    public void SmoothedScheduleMatchesTheFormulaAtEveryStep(double epsMax, int start, int length, int batches, double mid, double beta, int epochs)
    {
        var schedule = new SmoothedEpsSchedule(epsMax, start, length, batches, mid, beta);
        var init = (start - 1.0) * batches;
        var final = (start + length - 1.0) * batches;
        var midStep = init + Math.Floor((final - init) * mid);
        // Continuity and equal slope at midStep: alpha m^beta = v and alpha beta m^(beta-1) = (eps_max - v) /
        // (final - midStep), with m = midStep - init, give alpha = eps_max / (beta m^(beta-1) (final - midStep) + m^beta).
        var m = midStep - init;
        var alpha = epsMax / (beta * Math.Pow(m, beta - 1) * (final - midStep) + Math.Pow(m, beta));
        var midValue = alpha * Math.Pow(m, beta);
        for (long step = 0; step < (long)epochs * batches; step++)
        {
            double expected;
            if (step <= init)
            {
                expected = 0;
            }
            else if (step < midStep)
            {
                expected = alpha * Math.Pow(step - init, beta);
            }
            else
            {
                expected = Math.Min(epsMax, midValue + (epsMax - midValue) / (final - midStep) * (step - midStep));
            }

            Assert.True(Math.Abs(expected - schedule.EpsAt(step)) <= Tolerance, $"step {step}: expected {expected}, got {schedule.EpsAt(step)}");
        }

        // As in the reference, the line can land one rounding step below eps_max at the final step itself;
        // from the next step on the cap gives eps_max exactly (what "at full eps" compares against).
        Assert.Equal(epsMax, schedule.EpsAt((long)(start + length - 1) * batches + 1));
    }

    [Fact]
    public void SmoothedScheduleWithNoPolynomialPartIsAStraightLine()
    {
        // length 1 with 3 batches: floor(3 * 0.25) = 0, so the middle step is the first (the reference
        // divides by zero here).
        var schedule = new SmoothedEpsSchedule(0.3, start: 2, length: 1, batchesPerEpoch: 3);
        var expected = new[] { 0, 0, 0, 0, 0.1, 0.2, 0.3, 0.3 };
        for (var step = 0; step < expected.Length; step++)
        {
            Assert.Equal(expected[step], schedule.EpsAt(step), Tolerance);
        }
    }

    [Fact]
    public void SmoothedScheduleWithNoLinePartEndsAtEpsMax()
    {
        // mid = 1: the polynomial alone, alpha = eps_max / 4^2 with beta 2, from step 0 to step 4.
        var schedule = new SmoothedEpsSchedule(0.8, start: 1, length: 2, batchesPerEpoch: 2, mid: 1, beta: 2);
        var expected = new[] { 0, 0.05, 0.2, 0.45, 0.8, 0.8 };
        for (var step = 0; step < expected.Length; step++)
        {
            Assert.Equal(expected[step], schedule.EpsAt(step), Tolerance);
        }
    }

    [Fact]
    public void LinearScheduleOfATinyRampByHand()
    {
        // eps_max 0.3, start 2, length 3, 2 batches: epoch e ramps from (e-2)*0.1 to (e-1)*0.1 in its batches.
        var schedule = new LinearEpsSchedule(0.3, start: 2, length: 3, batchesPerEpoch: 2);
        var expected = new[] { 0, 0, 0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.3, 0.3 };
        for (var step = 0; step < expected.Length; step++)
        {
            Assert.Equal(expected[step], schedule.EpsAt(step), Tolerance);
        }
    }

    [Theory]
    [InlineData(0.4, 1, 20, 7, 25)]
    [InlineData(0.03, 3, 4, 11, 9)]
    [InlineData(0.2, 2, 0, 5, 4)]
    public void LinearScheduleMatchesTheFormulaAtEveryStep(double epsMax, int start, int length, int batches, int epochs)
    {
        var schedule = new LinearEpsSchedule(epsMax, start, length, batches);
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            double from = 0, to = 0;
            if (epoch >= start)
            {
                from = length == 0 ? epsMax : Math.Min(epsMax, epsMax * (epoch - start) / length);
                to = length == 0 ? epsMax : Math.Min(epsMax, epsMax * (epoch - start + 1) / length);
            }

            for (var batch = 0; batch < batches; batch++)
            {
                var expected = from + (to - from) * batch / batches;
                var step = (long)(epoch - 1) * batches + batch;
                Assert.True(Math.Abs(expected - schedule.EpsAt(step)) <= Tolerance, $"epoch {epoch} batch {batch}: expected {expected}, got {schedule.EpsAt(step)}");
            }
        }
    }

    [Fact]
    public void AnEpochsTestPassUsesItsLastTrainingBatchsEps()
    {
        IEpsSchedule schedule = new SmoothedEpsSchedule(1.0, start: 1, length: 2, batchesPerEpoch: 4);
        Assert.Equal(0, schedule.EpsAfterEpoch(0));
        Assert.Equal(schedule.EpsAt(3), schedule.EpsAfterEpoch(1));
        Assert.Equal(11.0 / 13, schedule.EpsAfterEpoch(2), Tolerance);
        Assert.Equal(1.0, schedule.EpsAfterEpoch(3));
    }
}
