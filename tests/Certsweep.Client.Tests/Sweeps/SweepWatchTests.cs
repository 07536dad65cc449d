using Certsweep.Client.Cli;
using Certsweep.Client.Connection;
using Certsweep.Client.Sweeps;
using Certsweep.Client.Views;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Tests.Sweeps;

/// <summary>What a watch prints: the end of a cancelled sweep, the events it could not see while the cluster was
/// quiet, the eps of the epoch it shows, the warning when the cluster first does not answer.</summary>
public sealed class SweepWatchTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_watch_of_a_cancelled_sweep_ends_once_its_trials_have_stopped()
    {
        var running = Trial(epoch: 1, attempt: 1, TrialState.Running);
        var stopped = running with { State = TrialState.Cancelled, Reason = "sweep cancelled", FinishedAt = Now };
        var source = new ScriptedSource(
            Progress(SweepState.Running, running),
            Progress(SweepState.Cancelled, running),
            Progress(SweepState.Cancelled, running),
            Progress(SweepState.Cancelled, stopped));
        var output = new StringWriter();

        var result = await new SweepWatch(source, new Terminal(output, TextWriter.Null, OutputFormat.Text, false, false, false)).RunAsync(CancellationToken.None);

        Assert.False(result.Interrupted);
        Assert.Equal(TrialState.Cancelled, Assert.Single(result.Last.Trials).Status.State);
        Assert.Equal(4, source.Reads);
        Assert.Contains("#1 cancelled: sweep cancelled", output.ToString(), StringComparison.Ordinal);
        Assert.True(SweepWatch.HasSettled(result.Last));
        Assert.False(SweepWatch.HasSettled(Progress(SweepState.Cancelled, running)));
    }

    [Fact]
    public void Epochs_and_a_hand_back_missed_while_the_watch_could_not_look_are_written_from_the_history()
    {
        var output = new StringWriter();
        var log = new SweepProgressLog(output, TimeSpan.FromMinutes(1));
        var before = Trial(epoch: 1, attempt: 1, TrialState.Running);
        var after = Trial(epoch: 4, attempt: 2, TrialState.Running) with { Silo = "silo-b", Preemptions = 1 };
        var history = new TrialHistory(after, null, [Epoch(1, 1, "silo-a"), Epoch(2, 1, "silo-a"), Epoch(3, 2, "silo-b"), Epoch(4, 2, "silo-b")]);

        log.Observe(Progress(SweepState.Running, before));
        var later = Progress(SweepState.Running, after);
        Assert.Equal([after.TrialId], log.Gaps(later));
        log.Observe(later, new Dictionary<string, TrialHistory> { [after.TrialId] = history });

        var text = output.ToString();
        string[] expected =
        [
            "#1 epoch 1/6:",
            "#1 epoch 2/6: eps 0.02, clean 20.00%, verified 42.00% (1.5 s)",
            "#1 attempt 1 on silo-a",
            "ended unseen: handed back (its silo stopped or was lost)",
            "#1 epoch 3/6: eps 0.03, clean 30.00%, verified 43.00% (1.5 s)",
            "#1 running on silo-b",
            "#1 epoch 4/6: eps 0.04, clean 40.00%, verified 44.00% (2.0 s)",
        ];
        var at = expected.Select(e => text.IndexOf(e, StringComparison.Ordinal)).ToList();
        Assert.True(at.All(i => i >= 0) && at.SequenceEqual(at.Order()), $"expected, in order:{Environment.NewLine}{string.Join(Environment.NewLine, expected)}{Environment.NewLine}got:{Environment.NewLine}{text}");
    }

    [Fact]
    public void A_watch_attached_mid_run_shows_the_eps_of_the_epoch_it_shows()
    {
        var row = Trial(epoch: 3, attempt: 1, TrialState.Running);
        var live = row with { Revision = row.Revision + 1, Batch = 5, BatchesPerEpoch = 10, BatchEps = 0.0355 };
        var output = new StringWriter();

        var progress = SweepProgress.Of(Status(SweepState.Running, row), new Dictionary<string, TrialStatus> { [row.TrialId] = live }, Now);
        new SweepProgressLog(output, TimeSpan.FromMinutes(1)).Observe(progress);

        Assert.Contains("#1 epoch 3/6: eps 0.03, clean 30.00%", output.ToString(), StringComparison.Ordinal);
        var axes = AxisColumns.Of(progress.Status.Trials.Select(t => t.Axes));
        var cells = SweepStatusTable.Rows(progress, axes, unicode: false)[0];
        Assert.Equal("0.03", cells[SweepStatusTable.Headers(axes).ToList().IndexOf("eps")]);
    }

    [Fact]
    public void The_first_warning_when_the_cluster_goes_quiet_says_it_did_not_answer_not_for_0_s()
    {
        var warnings = new ClusterSilenceWarnings("cluster at redis://x", TimeSpan.FromSeconds(30));
        var error = new TimeoutException("slow");

        var first = warnings.Next(error, TimeSpan.Zero);
        var soon = warnings.Next(error, TimeSpan.FromSeconds(3));
        var later = warnings.Next(error, TimeSpan.FromSeconds(11));

        Assert.Equal("warning: cluster at redis://x did not answer (TimeoutException); retrying for up to 30 s; what happens meanwhile is shown once it answers.", first);
        Assert.Null(soon);
        Assert.Equal("warning: cluster at redis://x has not answered for 11 s (TimeoutException); retrying for up to 30 s.", later);
    }

    private static TrialStatus Trial(int epoch, int attempt, TrialState state) => new()
    {
        TrialId = "watch/0001",
        SweepId = "watch",
        Number = 1,
        Axes = Hyperparameters.ParameterSet.Of([Hyperparameters.Parameters.Seed.Set(1)]),
        State = state,
        Attempt = attempt,
        Epoch = epoch,
        Epochs = 6,
        Eps = epoch / 100.0,
        EpsMax = 0.1,
        CleanError = epoch / 10.0,
        VerifiedError = 0.4 + (epoch / 100.0),
        LastEpochSeconds = 2.0,
        Silo = "silo-a",
        Device = "cpu",
        StartedAt = Now,
        UpdatedAt = Now,
    };

    private static EpochResult Epoch(int epoch, int attempt, string silo) => SweepResultsSamples.Epoch(epoch, 6, 0.4 + (epoch / 100.0)) with
    {
        Eps = epoch / 100.0,
        Test = SweepResultsSamples.Epoch(epoch, 6, 0.4 + (epoch / 100.0)).Test with { CleanError = epoch / 10.0 },
        Attempt = attempt,
        Silo = silo,
    };

    private static SweepStatus Status(SweepState state, params TrialStatus[] trials) => new()
    {
        SweepId = "watch",
        Name = "watch",
        State = state,
        Counts = TrialCounts.Of(trials.Select(t => t.State)),
        Trials = trials,
        Ranking = [],
    };

    private static SweepProgress Progress(SweepState state, params TrialStatus[] trials) =>
        SweepProgress.Of(Status(state, trials), new Dictionary<string, TrialStatus>(), Now);

    /// <summary>Answers each read with the next progress of a script (the last one again once it runs out).</summary>
    private sealed class ScriptedSource(params SweepProgress[] script) : ISweepProgressSource
    {
        public int Reads { get; private set; }

        public Task<SweepProgress> ReadAsync(CancellationToken cancellation) => Task.FromResult(script[Math.Min(Reads++, script.Length - 1)]);

        public Task<TrialHistory?> ReadHistoryAsync(string trialId, CancellationToken cancellation) => Task.FromResult<TrialHistory?>(null);
    }
}
