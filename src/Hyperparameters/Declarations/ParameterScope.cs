namespace Certsweep.Hyperparameters.Declarations;

/// <summary>Whom a parameter concerns: every trial (it reaches the trainer) or the sweep as a whole (the coordinator).</summary>
public enum ParameterScope
{
    Trial,
    Sweep,
}
