namespace Certsweep.Grains.Sweeps;

/// <summary>What the coordinator grain is to do after a <see cref="SweepBook"/> call: write the state (throttled) when
/// it changed, make the <see cref="Commands"/>' calls in order, then run a dispatch round when slots or the queue may
/// have changed.</summary>
internal sealed class SweepWork
{
    private readonly List<SweepCommand> _commands = new();

    public IReadOnlyList<SweepCommand> Commands => _commands;

    /// <summary>True when the state to store changed.</summary>
    public bool StateChanged { get; private set; }

    /// <summary>True when queued trials may get slots now, or slots go back to the ledger.</summary>
    public bool Dispatch { get; private set; }

    public void Add(SweepCommand command) => _commands.Add(command);

    public void MarkStateChanged() => StateChanged = true;

    public void MarkDispatch() => Dispatch = true;
}
