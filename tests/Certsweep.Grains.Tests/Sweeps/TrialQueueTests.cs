using Certsweep.Grains.Sweeps;

namespace Certsweep.Grains.Tests.Sweeps;

public sealed class TrialQueueTests
{
    [Fact]
    public void First_time_trials_queue_at_the_back_and_trials_that_ran_before_at_the_front()
    {
        var queue = new TrialQueue();
        queue.Enqueue(1, ranBefore: false);
        queue.Enqueue(2, ranBefore: false);
        queue.Enqueue(3, ranBefore: true);
        queue.Enqueue(4, ranBefore: false);
        queue.Enqueue(5, ranBefore: true);

        Assert.Equal(new[] { 5, 3, 1, 2, 4 }, queue.Peek(10));
        Assert.Equal(5, queue.First);
        Assert.Equal(new[] { 5, 3 }, queue.Peek(2));
        Assert.Empty(queue.Peek(-1));
    }

    [Fact]
    public void A_trial_is_queued_once_and_keeps_its_place()
    {
        var queue = new TrialQueue();
        queue.Enqueue(1, ranBefore: false);
        queue.Enqueue(2, ranBefore: false);
        queue.Enqueue(2, ranBefore: true);

        Assert.Equal(new[] { 1, 2 }, queue.Peek(10));
    }

    [Fact]
    public void Removing_takes_a_trial_out_wherever_it_is_and_RemoveAll_empties_the_queue_in_order()
    {
        var queue = new TrialQueue();
        foreach (var n in new[] { 1, 2, 3, 4 })
        {
            queue.Enqueue(n, ranBefore: false);
        }

        Assert.True(queue.Remove(3));
        Assert.False(queue.Remove(3));
        Assert.False(queue.Contains(3));
        Assert.True(queue.Contains(4));
        Assert.Equal(new[] { 1, 2, 4 }, queue.RemoveAll());
        Assert.Empty(queue.Peek(10));
        Assert.Null(queue.First);

        // A removed trial can be queued again.
        queue.Enqueue(3, ranBefore: false);
        Assert.Equal(3, queue.First);
    }
}
