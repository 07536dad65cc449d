using Certsweep.Contracts.Trials;
using Certsweep.Grains.Training;

namespace Certsweep.Grains.Trials;

/// <summary>What a training thread tells its trial grain.</summary>
internal abstract record TrialRunEvent;

/// <summary>The trainer loaded its checkpoint (or found none) and starts training.</summary>
internal sealed record AttemptStarted(BatchPosition? ResumedFrom) : TrialRunEvent;

/// <summary>An epoch finished; the thread waits for <see cref="Recorded"/> before it trains on.</summary>
internal sealed record EpochFinished(EpochResult Result, TaskCompletionSource Recorded) : TrialRunEvent;

/// <summary>The thread has ended and everything the trainer allocated is disposed. Exactly one of the two is set.</summary>
internal sealed record RunEnded(TrialTrainingOutcome? Outcome, Exception? Failure) : TrialRunEvent;
