using Certsweep.Client.Connection;

namespace Certsweep.Client.Tests.Connection;

/// <summary>The watch loop's retry: transient cluster errors are retried until the cluster has been silent for the
/// window, then one <see cref="ClusterLostException"/>; an answer resets the window; other errors pass through.</summary>
public sealed class ClusterRetryTests
{
    [Fact]
    public async Task Transient_errors_are_retried_until_the_cluster_answers()
    {
        var calls = 0;
        var retried = new List<TimeSpan>();
        var retry = new ClusterRetry(TimeSpan.FromSeconds(30), (_, silent) => retried.Add(silent));

        var answer = await retry.CallAsync(() => ++calls < 3 ? throw new SiloUnavailableException("silo died") : Task.FromResult(calls), CancellationToken.None);

        Assert.Equal(3, answer);
        Assert.Equal(2, retried.Count);
    }

    [Fact]
    public async Task A_cluster_silent_for_the_window_is_lost_with_the_last_error()
    {
        var retry = new ClusterRetry(TimeSpan.FromSeconds(1.5));

        var lost = await Assert.ThrowsAsync<ClusterLostException>(() => retry.CallAsync<int>(() => throw new TimeoutException("no response"), CancellationToken.None));

        Assert.StartsWith("the cluster has not answered for 2 s (TimeoutException: no response)", lost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_that_are_not_the_cluster_s_pass_through_at_once()
    {
        var retry = new ClusterRetry(TimeSpan.FromSeconds(30));

        await Assert.ThrowsAsync<InvalidOperationException>(() => retry.CallAsync<int>(() => throw new InvalidOperationException("bug"), CancellationToken.None));
    }
}
