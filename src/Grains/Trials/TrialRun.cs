using System.Threading.Channels;
using Certsweep.Contracts.Trials;
using Certsweep.Grains.Metrics;
using Certsweep.Grains.Training;

namespace Certsweep.Grains.Trials;

/// <summary>
/// One attempt of a trial on this silo: a training thread running the trainer (<see cref="TrainingThreads"/>, never a
/// grain turn), the tokens that cancel or suspend it, and the channel its progress reaches the trial grain through.
/// </summary>
internal sealed class TrialRun : ITrialProgress
{
    /// <summary>How long the training thread waits for an epoch to be recorded before it trains on anyway.</summary>
    private static readonly TimeSpan RecordTimeout = TimeSpan.FromMinutes(2);

    private readonly Channel<TrialRunEvent> _events = Channel.CreateUnbounded<TrialRunEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITrialTrainer _trainer;
    private readonly TrialTrainingRequest _request;
    private readonly EarlyStoppingRule? _earlyStopping;
    private readonly LocalTrialRuns _runs;
    private readonly TrainingThreads _threads;
    private volatile BatchPosition? _position;
    private double _batchEps;

    public TrialRun(
        string trialId, int attempt, string silo, string device, TrialTrainingRequest request, ITrialTrainer trainer,
        EarlyStoppingRule? earlyStopping, LocalTrialRuns runs, TrainingThreads threads, TrialSeries series, bool awaitsVerdicts)
    {
        _threads = threads;
        AwaitsVerdicts = awaitsVerdicts;
        TrialId = trialId;
        Attempt = attempt;
        Silo = silo;
        Device = device;
        _request = request;
        _trainer = trainer;
        _earlyStopping = earlyStopping;
        _runs = runs;
        Series = series;
    }

    public string TrialId { get; }

    public int Attempt { get; }

    public string Silo { get; }

    public string Device { get; }

    /// <summary>The epoch's recording includes the coordinator's answer to its report (<see cref="TrialLaunch.AwaitsVerdicts"/>).</summary>
    public bool AwaitsVerdicts { get; }

    /// <summary>The attempt's exported metrics (eps and batches are written here, on the training thread).</summary>
    public TrialSeries Series { get; }

    public CancellationTokenSource Cancellation { get; } = new();

    public CancellationTokenSource Suspension { get; } = new();

    /// <summary>Why the run was suspended (the first reason given), for the trial's hand-back reason.</summary>
    public string? SuspensionReason { get; private set; }

    public ChannelReader<TrialRunEvent> Events => _events.Reader;

    public BatchPosition? Position => _position;

    public double BatchEps => Volatile.Read(ref _batchEps);

    public bool EarlyStopped { get; private set; }

    public string? EarlyStopReason => _earlyStopping?.Describe();

    /// <summary>Completes once the grain has recorded how the run ended and told the coordinator.</summary>
    public Task Closed => _closed.Task;

    public void MarkClosed() => _closed.TrySetResult();

    /// <summary>Asks the training thread to checkpoint mid-epoch and stop, so the trial can resume elsewhere.</summary>
    public void Suspend(string reason)
    {
        lock (_closed)
        {
            SuspensionReason ??= reason;
        }

        Suspension.Cancel();
    }

    public void Start()
    {
        _threads.Run(Train);
    }

    public void OnStarted(BatchPosition? resumedFrom) => _events.Writer.TryWrite(new AttemptStarted(resumedFrom));

    public void OnEpoch(EpochResult result)
    {
        var recorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var placed = result with { Silo = Silo, Device = Device, Attempt = Attempt };
        if (_earlyStopping?.Observe(placed) == true)
        {
            EarlyStopped = true;
            Cancellation.Cancel();
        }

        _events.Writer.TryWrite(new EpochFinished(placed, recorded));
        recorded.Task.Wait(RecordTimeout);
    }

    public void OnBatch(BatchPosition position, double eps)
    {
        Volatile.Write(ref _batchEps, eps);
        _position = position;
        Series.OnBatch(eps);
    }

    private void Train()
    {
        _runs.TrainingStarted(Device);
        TrialTrainingOutcome? outcome = null;
        Exception? failure = null;
        try
        {
            outcome = _trainer.Run(_request, this, Cancellation.Token, Suspension.Token);
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            _runs.TrainingEnded(Device);
            _events.Writer.TryWrite(new RunEnded(outcome, failure));
            _events.Writer.TryComplete();
        }
    }
}
