namespace Certsweep.Grains.Sweeps;

/// <summary>
/// A sweep's trials waiting for a device slot, in the order they get one: trials that ran before (resuming after a
/// hand-back or a lost silo, retrying after a failure) go to the front, first-time trials to the back.
/// </summary>
internal sealed class TrialQueue
{
    private readonly LinkedList<int> _order = new();
    private readonly HashSet<int> _members = new();

    /// <summary>The trial that gets the next slot; null when none waits.</summary>
    public int? First => _order.First?.Value;

    public bool Contains(int number) => _members.Contains(number);

    /// <summary>Queues trial <paramref name="number"/> unless it waits already: at the front when it ran before.</summary>
    public void Enqueue(int number, bool ranBefore)
    {
        if (!_members.Add(number))
        {
            return;
        }

        if (ranBefore)
        {
            _order.AddFirst(number);
        }
        else
        {
            _order.AddLast(number);
        }
    }

    /// <summary>Takes trial <paramref name="number"/> out of the queue; false when it was not queued.</summary>
    public bool Remove(int number)
    {
        if (!_members.Remove(number))
        {
            return false;
        }

        _order.Remove(number);
        return true;
    }

    /// <summary>The first <paramref name="count"/> trials in queue order, left queued.</summary>
    public IReadOnlyList<int> Peek(int count) => _order.Take(Math.Max(0, count)).ToList();

    /// <summary>Empties the queue; returns the trials it held, in queue order.</summary>
    public IReadOnlyList<int> RemoveAll()
    {
        var all = _order.ToList();
        _order.Clear();
        _members.Clear();
        return all;
    }
}
