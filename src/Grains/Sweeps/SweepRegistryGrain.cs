using Certsweep.Contracts.Sweeps;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Certsweep.Grains.Sweeps;

/// <summary>The list of sweeps, in grain storage; listing asks each coordinator for its counts.</summary>
[Reentrant]
public sealed class SweepRegistryGrain(
    [PersistentState("registry", CertsweepStorage.Name)] IPersistentState<SweepRegistryState> state,
    ILogger<SweepRegistryGrain> log) : Grain, ISweepRegistryGrain
{
    private readonly SemaphoreSlim _writes = new(1, 1);

    public async Task Register(string sweepId, string? name, DateTimeOffset submittedAt)
    {
        if (state.State.Sweeps.All(s => s.SweepId != sweepId))
        {
            state.State.Sweeps.Add(new SweepRegistryEntry(sweepId, name, submittedAt, Finished: false));
            await WriteAsync();
        }
    }

    public async Task MarkFinished(string sweepId)
    {
        var index = state.State.Sweeps.FindIndex(s => s.SweepId == sweepId);
        if (index >= 0 && !state.State.Sweeps[index].Finished)
        {
            state.State.Sweeps[index] = state.State.Sweeps[index] with { Finished = true };
            await WriteAsync();
        }
    }

    public async Task<IReadOnlyList<SweepSummary>> List()
    {
        var entries = state.State.Sweeps.OrderByDescending(s => s.SubmittedAt).ToList();
        var summaries = await Task.WhenAll(entries.Select(async e =>
        {
            try
            {
                return await GrainFactory.GetGrain<ISweepCoordinatorGrain>(e.SweepId).GetSummary();
            }
            catch (Exception failure)
            {
                log.LogWarning(failure, "Sweep {Sweep} did not answer for the listing", e.SweepId);
                return new SweepSummary(e.SweepId, e.Name, SweepState.Unknown, TrialCounts.Of([]), null, e.SubmittedAt, null);
            }
        }));
        return summaries;
    }

    public async Task WakeUnfinished()
    {
        var unfinished = state.State.Sweeps.Where(s => !s.Finished).ToList();
        await Task.WhenAll(unfinished.Select(async e =>
        {
            try
            {
                await GrainFactory.GetGrain<ISweepCoordinatorGrain>(e.SweepId).Wake();
            }
            catch (Exception failure)
            {
                log.LogWarning(failure, "Sweep {Sweep} could not be woken", e.SweepId);
            }
        }));
    }

    private async Task WriteAsync()
    {
        await _writes.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _writes.Release();
        }
    }
}
