using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Views;

/// <summary>The sweeps a cluster knows, newest first: state, trial counts, best verified error, when submitted and finished.</summary>
public static class SweepListTable
{
    public static IReadOnlyList<string> Headers { get; } = ["id", "name", "state", "trials", "done", "running", "failed", "best verified", "submitted", "finished"];

    public static IReadOnlyList<IReadOnlyList<string>> Rows(IEnumerable<SweepSummary> sweeps) =>
        sweeps.Select(s => (IReadOnlyList<string>)
        [
            s.SweepId, s.Name ?? CellFormat.Missing, CellFormat.State(s.State), CellFormat.Integer(s.Counts.Total),
            CellFormat.Integer(s.Counts.Completed + s.Counts.Diverged + s.Counts.Cancelled + s.Counts.Failed), CellFormat.Integer(s.Counts.Running),
            CellFormat.Integer(s.Counts.Failed), CellFormat.Percent(s.Best?.Best.VerifiedError),
            CellFormat.Moment(s.SubmittedAt), CellFormat.Moment(s.FinishedAt),
        ]).ToList();
}
