using Certsweep.Contracts.Trials;
using Certsweep.Hyperparameters;

namespace Certsweep.Grains.Trials;

/// <summary>
/// The spec's early stopping for one trial: among epochs at full eps, stop once the verified error (of the selection
/// split: validation when the trial has one, else test) has
/// not improved on the best by more than <c>early_stopping.min_delta</c> for <c>early_stopping.patience</c>
/// epochs. Epochs before full eps do not count (their verified errors are at a smaller eps).
/// </summary>
public sealed class EarlyStoppingRule(int patience, double minDelta)
{
    private int _lastEpoch;
    private double? _best;
    private int _sinceImprovement;

    /// <summary>The trial's rule, or null when its spec has no early stopping.</summary>
    public static EarlyStoppingRule? For(TrialConfig trial) =>
        trial.Values.Contains(Parameters.Patience)
            ? new EarlyStoppingRule(trial.Get(Parameters.Patience), trial.Get(Parameters.MinDelta))
            : null;

    /// <summary>Feeds one epoch (epochs already seen are ignored); true when the trial should stop now.</summary>
    public bool Observe(EpochResult epoch)
    {
        if (epoch.Epoch <= _lastEpoch)
        {
            return false;
        }

        _lastEpoch = epoch.Epoch;
        if (!epoch.AtFullEps || epoch.Selection.VerifiedError is not { } verified)
        {
            return false;
        }

        if (_best is null || verified < _best.Value - minDelta)
        {
            _best = verified;
            _sinceImprovement = 0;
            return false;
        }

        _best = Math.Min(verified, _best.Value);
        return ++_sinceImprovement >= patience;
    }

    public string Describe() => $"early stopped: no improvement of the verified error at full eps for {patience} epochs";
}
