using Certsweep.Grains.Sweeps;
using Orleans.Runtime;

namespace Certsweep.Grains.Tests.Sweeps;

public sealed class TrialLivenessTests
{
    private static readonly DateTimeOffset T0 = Trials.T0;

    [Fact]
    public void A_trial_silent_for_the_silent_period_is_asked_once_per_period_and_one_not_heard_yet_at_once()
    {
        var liveness = new TrialLiveness();
        liveness.Heard(1, T0);
        liveness.NotHeardYet(2);

        Assert.Equal(new[] { 2 }, liveness.DueForStatusAsk(new[] { 1, 2 }, T0));
        Assert.Empty(liveness.DueForStatusAsk(new[] { 1, 2 }, T0 + TrialLiveness.SilentPeriod));
        var later = T0 + TrialLiveness.SilentPeriod + TimeSpan.FromMilliseconds(1);
        Assert.Equal(new[] { 1, 2 }, liveness.DueForStatusAsk(new[] { 1, 2 }, later));
        Assert.Empty(liveness.DueForStatusAsk(new[] { 1, 2 }, later + TimeSpan.FromSeconds(30)));

        // A trial never mentioned counts as never heard from.
        Assert.Equal(new[] { 3 }, liveness.DueForStatusAsk(new[] { 3 }, T0));
    }

    [Fact]
    public void A_failed_ask_is_repeated_after_the_retry_pause_not_after_a_whole_silent_period()
    {
        var liveness = new TrialLiveness();
        liveness.NotHeardYet(1);
        Assert.Single(liveness.DueForStatusAsk(new[] { 1 }, T0));
        liveness.AskFailed(1, T0);

        Assert.Empty(liveness.DueForStatusAsk(new[] { 1 }, T0 + TrialLiveness.AskRetry));
        Assert.Single(liveness.DueForStatusAsk(new[] { 1 }, T0 + TrialLiveness.AskRetry + TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void A_dead_silo_is_gone_at_once_and_an_unknown_one_after_the_grace_unless_it_reappears()
    {
        var liveness = new TrialLiveness();
        Assert.True(liveness.SiloGone(1, SiloStatus.Dead, T0));
        Assert.False(liveness.SiloGone(1, SiloStatus.Active, T0));

        Assert.False(liveness.SiloGone(2, SiloStatus.None, T0));
        Assert.False(liveness.SiloGone(2, SiloStatus.None, T0 + TrialLiveness.UnknownSiloGrace));
        Assert.True(liveness.SiloGone(2, SiloStatus.None, T0 + TrialLiveness.UnknownSiloGrace + TimeSpan.FromSeconds(1)));

        // Known again in between: the grace starts over.
        Assert.False(liveness.SiloGone(3, SiloStatus.None, T0));
        Assert.False(liveness.SiloGone(3, SiloStatus.Joining, T0 + TimeSpan.FromSeconds(5)));
        Assert.False(liveness.SiloGone(3, SiloStatus.None, T0 + TimeSpan.FromSeconds(15)));
        Assert.False(liveness.SiloGone(3, SiloStatus.None, T0 + TimeSpan.FromSeconds(25)));
        Assert.True(liveness.SiloGone(3, SiloStatus.None, T0 + TimeSpan.FromSeconds(26)));
    }
}
