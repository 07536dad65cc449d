using Certsweep.Contracts.Trials;
using Certsweep.Hyperparameters.Sweeps;

namespace Certsweep.Contracts.Sweeps;

/// <summary>
/// One sweep (key: the sweep id): expands the spec into trials, dispatches them to free device slots within
/// the spec's max concurrency, retries failures, resumes trials whose silo left, collects results, ranks.
/// </summary>
public interface ISweepCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Validates and stores the spec and starts scheduling. Resubmitting an equal spec is a no-op; a
    /// different spec under an existing id is a <see cref="SubmitOutcome.Conflict"/>.</summary>
    Task<SubmitResult> Submit(SweepSpec spec);

    /// <summary>The spec as submitted; null for an unknown sweep.</summary>
    Task<SweepSpec?> GetSpec();

    /// <summary>Answers while the sweep runs; <see cref="SweepState.Unknown"/> for an id never submitted.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<SweepStatus> GetStatus();

    /// <summary>Counts and best trial, for listings; state <see cref="SweepState.Unknown"/> for an id never submitted.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<SweepSummary> GetSummary();

    /// <summary>Cancels pending trials and stops running ones before their next batch; returns once they have stopped.</summary>
    Task<SweepStatus> Cancel();

    /// <summary>The status and every trial's full epoch history.</summary>
    Task<SweepResults> GetResults();

    /// <summary>The best trial (lowest verified error at full eps) with its history; null while no trial has reached full eps.</summary>
    Task<TrialHistory?> GetBest();

    /// <summary>A trial's report of its own status change (from the trial grain). The answer is the stop the sweep's
    /// scheduler decided for the trial while it still runs, once that decision is stored; null to go on. A trial whose
    /// launch says <see cref="TrialLaunch.AwaitsVerdicts"/> waits for this answer after each epoch, so it ends at the
    /// epoch it was judged at.</summary>
    Task<TrialStop?> OnTrialUpdate(TrialStatus status);

    /// <summary>Makes an unfinished sweep resume scheduling (after its silo died or the cluster restarted).</summary>
    Task Wake();
}
